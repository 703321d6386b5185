/**
 * A customer's photo goes to a seller: it must not carry where and when it was taken, nor the phone
 * that took it. We do not decode or re-encode the picture (no image library, no quality lost); we copy
 * its structure and leave out the metadata blocks:
 * - JPEG: APP1 (Exif, XMP), APP3–APP13, APP15 and comments; the orientation alone is kept, in a
 *   minimal Exif block, so a phone photo is not shown lying on its side. APP0 (JFIF), APP2 (ICC colour
 *   profile) and APP14 (Adobe colour transform) stay: they say how to show the pixels, nothing more.
 * - PNG: tEXt, zTXt, iTXt (text, often XMP), eXIf and tIME chunks.
 * - WebP: EXIF and XMP chunks, and their flags in the VP8X header.
 * A file whose structure does not parse is refused (null): we never pass on what we could not clean.
 */
import type { PhotoType } from './photos.js';

export function stripMetadata(data: Buffer, type: PhotoType): Buffer | null {
  try {
    if (type === 'image/jpeg') return stripJpeg(data);
    if (type === 'image/png') return stripPng(data);
    return stripWebp(data);
  } catch {
    return null;
  }
}

// ── JPEG ──────────────────────────────────────────────────────────────────────────────────────────

const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0;
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP14 = 0xee;
const COM = 0xfe;

function stripJpeg(b: Buffer): Buffer | null {
  const kept: Buffer[] = [b.subarray(0, 2)]; // SOI
  let orientation: number | null = null;
  let exifAt = 1; // where the minimal Exif block goes: after SOI, or after APP0 when there is one
  let i = 2;
  for (;;) {
    if (i >= b.length || b[i] !== 0xff) return null;
    const start = i;
    while (b[i] === 0xff) i++; // fill bytes
    const marker = b[i++]!;
    if (marker === EOI) {
      kept.push(b.subarray(start, i));
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      kept.push(b.subarray(start, i));
      continue;
    }
    if (i + 2 > b.length) return null;
    const end = i + b.readUInt16BE(i);
    if (end > b.length || end < i + 2) return null;
    if (marker === SOS) {
      kept.push(b.subarray(start)); // the entropy-coded picture and everything after it, as it is
      break;
    }
    const payload = b.subarray(i + 2, end);
    i = end;
    if (marker === APP1) {
      orientation ??= exifOrientation(payload);
      continue;
    }
    if (marker === APP2 && !payload.subarray(0, 12).equals(ICC)) continue;
    if ((marker > APP2 && marker <= 0xef && marker !== APP14) || marker === COM) continue;
    kept.push(b.subarray(start, end));
    if (marker === APP0 && kept.length === 2) exifAt = 2;
  }
  if (orientation && orientation !== 1) kept.splice(exifAt, 0, minimalExif(orientation));
  return Buffer.concat(kept);
}

const ICC = Buffer.from('ICC_PROFILE\0', 'latin1');
const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

/** The Orientation tag (0x0112) of IFD0 in an APP1 Exif payload, or null. */
function exifOrientation(p: Buffer): number | null {
  if (p.length < 14 || !p.subarray(0, 6).equals(EXIF_HEADER)) return null;
  const tiff = p.subarray(6);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  for (let n = 0; n < count; n++) {
    const e = ifd + 2 + n * 12;
    if (e + 12 > tiff.length) return null;
    if (u16(e) === 0x0112 && u16(e + 2) === 3) {
      const v = u16(e + 8);
      return v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/** An APP1 segment holding one Exif tag: the orientation (big-endian TIFF, IFD0 with one entry). */
function minimalExif(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write('MM', 0, 'latin1');
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4); // IFD0 right after the header
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // one value
  tiff.writeUInt16BE(orientation, 18);
  tiff.writeUInt32BE(0, 22); // no next IFD
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = APP1;
  head.writeUInt16BE(2 + EXIF_HEADER.length + tiff.length, 2);
  return Buffer.concat([head, EXIF_HEADER, tiff]);
}

// ── PNG ───────────────────────────────────────────────────────────────────────────────────────────

const PNG_DROPPED = new Set(['tEXt', 'zTXt', 'iTXt', 'eXIf', 'tIME']);

function stripPng(b: Buffer): Buffer | null {
  const kept: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  for (;;) {
    if (i + 12 > b.length) return null;
    const end = i + 12 + b.readUInt32BE(i);
    if (end > b.length) return null;
    const type = b.toString('latin1', i + 4, i + 8);
    if (!PNG_DROPPED.has(type)) kept.push(b.subarray(i, end)); // whole chunk: its CRC stays right
    i = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(kept);
}

// ── WebP ──────────────────────────────────────────────────────────────────────────────────────────

const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function stripWebp(b: Buffer): Buffer | null {
  const riffEnd = Math.min(b.length, 8 + b.readUInt32LE(4));
  const kept: Buffer[] = [Buffer.from(b.subarray(0, 12))];
  let i = 12;
  while (i < riffEnd) {
    if (i + 8 > riffEnd) return null;
    const size = b.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (end > riffEnd + (size % 2)) return null;
    const fourcc = b.toString('latin1', i, i + 4);
    if (fourcc === 'VP8X') {
      const chunk = Buffer.from(b.subarray(i, Math.min(end, b.length)));
      chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
      kept.push(chunk);
    } else if (fourcc !== 'EXIF' && fourcc !== 'XMP ') kept.push(b.subarray(i, Math.min(end, b.length)));
    i = end;
  }
  const out = Buffer.concat(kept);
  out.writeUInt32LE(out.length - 8, 4);
  return out;
}
