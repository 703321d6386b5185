import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPhotos } from './photos.js';
import { stripMetadata } from './strip-metadata.js';

// Real pictures drawn by Chromium (8×4 px), to which each test adds the metadata a phone would.
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABh' +
  'Y3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAAB' +
  'UAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAA' +
  'AAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9Y' +
  'WVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAM' +
  'ZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQ' +
  'FxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgo' +
  'KCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAEAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/' +
  'xAAYEAEAAwEAAAAAAAAAAAAAAAAABUOCwf/EABUBAQEAAAAAAAAAAAAAAAAAAAEG/8QAGxEAAAcBAAAAAAAAAAAAAAAAAAEDBjWB' +
  'soL/2gAMAwEAAhEDEQA/AIKFuz0AOWTV5yQvm/Hp3ox//9k=',
  'base64',
);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAECAYAAACzzX7wAAAAJUlEQVR4AaTKMQ0AAAzDsKmUwp9BOXVvvx2L5C8CpxnSNEf/YQEAAP//TSYwkgAAAAZJREFUAwDlMRGRprvVAQAAAABJRU5ErkJggg==', 'base64');
const WEBP = Buffer.from(
  'UklGRjYCAABXRUJQVlA4WAoAAAAgAAAABwAAAwAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABh' +
  'Y3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' +
  'AAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAAB' +
  'UAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAA' +
  'AAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9Y' +
  'WVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAM' +
  'ZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDggSAAAAFACAJ0BKggABAABQCYlqAJ0ugFAAq//' +
  'cAAXAAD+8Fz/WTf/DX/4PZflnw9Oevm+Ufh6c9dTf/iY+8lCV/7g44/+8lCV/fMAAA==',
  'base64',
);

const SECRET = 'GPS 50.8466N 4.3528E — Pixel 9 — 2026:11:27 10:42';

/** An APP1 Exif segment (little-endian TIFF) with Orientation and a text tag holding SECRET. */
function exifSegment(orientation: number): Buffer {
  const text = Buffer.from(SECRET + '\0', 'latin1');
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + text.length);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(2, 8);
  tiff.writeUInt16LE(0x010f, 10); // Make (ASCII), value at offset 38
  tiff.writeUInt16LE(2, 12);
  tiff.writeUInt32LE(text.length, 14);
  tiff.writeUInt32LE(38, 18);
  tiff.writeUInt16LE(0x0112, 22); // Orientation (SHORT)
  tiff.writeUInt16LE(3, 24);
  tiff.writeUInt32LE(1, 26);
  tiff.writeUInt16LE(orientation, 30);
  tiff.writeUInt32LE(0, 34);
  text.copy(tiff, 38);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  return Buffer.concat([Buffer.from([0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff]), payload]);
}

function segment(marker: number, body: string): Buffer {
  const b = Buffer.from(body, 'latin1');
  return Buffer.concat([Buffer.from([0xff, marker, (b.length + 2) >> 8, (b.length + 2) & 0xff]), b]);
}

/** The JPEG with Exif (orientation 6), XMP and a comment inserted after SOI/APP0. */
function phoneJpeg(orientation = 6): Buffer {
  const app0End = 4 + JPEG.readUInt16BE(4);
  return Buffer.concat([JPEG.subarray(0, app0End), exifSegment(orientation), segment(0xe1, `http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>${SECRET}</x:xmpmeta>`), segment(0xfe, SECRET), segment(0xed, `Photoshop 3.0\0${SECRET}`), JPEG.subarray(app0End)]);
}

test('a phone JPEG loses its Exif, XMP, IPTC and comments, keeps its orientation and its picture bytes', () => {
  const out = stripMetadata(phoneJpeg(6), 'image/jpeg');
  assert.ok(out, 'the JPEG parses');
  assert.ok(!out.includes(Buffer.from('GPS', 'latin1')), 'no location left');
  assert.ok(!out.includes(Buffer.from('Pixel 9', 'latin1')), 'no phone model left');
  const exif = out.indexOf(Buffer.from('Exif\0\0', 'latin1'));
  assert.ok(exif > 0, 'a minimal Exif block is there for the orientation');
  assert.deepEqual([...out.subarray(exif + 6 + 18, exif + 6 + 20)], [0, 6], 'orientation 6 kept');
  assert.ok(out.subarray(out.length - (JPEG.length - JPEG.indexOf(Buffer.from([0xff, 0xda])))).equals(JPEG.subarray(JPEG.indexOf(Buffer.from([0xff, 0xda])))), 'the scan data is copied untouched');
  assert.ok(out.length < phoneJpeg(6).length, 'it got smaller');
});

test('a JPEG without metadata comes out byte for byte the same', () => {
  assert.ok(stripMetadata(JPEG, 'image/jpeg')!.equals(JPEG), 'unchanged');
  assert.ok(stripMetadata(phoneJpeg(1), 'image/jpeg')!.equals(JPEG), 'orientation 1 (upright) needs no Exif block: back to the original');
});

test('a PNG loses its text and Exif chunks and keeps the rest', () => {
  const chunk = (type: string, body: string) => {
    const b = Buffer.from(body, 'latin1');
    const c = Buffer.alloc(12 + b.length);
    c.writeUInt32BE(b.length, 0);
    c.write(type, 4, 'latin1');
    b.copy(c, 8);
    return c; // CRC left zero: we copy chunks, we do not check them
  };
  const iend = PNG.length - 12;
  const withText = Buffer.concat([PNG.subarray(0, iend), chunk('tEXt', `Comment\0${SECRET}`), chunk('iTXt', `XML:com.adobe.xmp\0\0\0\0\0${SECRET}`), chunk('eXIf', SECRET), PNG.subarray(iend)]);
  const out = stripMetadata(withText, 'image/png');
  assert.ok(out && out.equals(PNG), 'back to the picture as drawn');
});

test('a WebP loses its EXIF and XMP chunks and their flags', () => {
  const riff = (chunks: Buffer[]) => {
    const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), ...chunks]);
    const head = Buffer.from('RIFF\0\0\0\0', 'latin1');
    head.writeUInt32LE(body.length, 4);
    return Buffer.concat([head, body]);
  };
  const chunk = (fourcc: string, data: Buffer) => {
    const h = Buffer.alloc(8);
    h.write(fourcc, 0, 'latin1');
    h.writeUInt32LE(data.length, 4);
    return Buffer.concat([h, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  const vp8 = WEBP.subarray(12);
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x08 | 0x04; // EXIF and XMP present
  vp8x.writeUIntLE(7, 4, 3); // width - 1
  vp8x.writeUIntLE(3, 7, 3); // height - 1
  const input = riff([chunk('VP8X', vp8x), vp8, chunk('EXIF', Buffer.from(SECRET)), chunk('XMP ', Buffer.from(SECRET + '!'))]);
  const out = stripMetadata(input, 'image/webp');
  assert.ok(out, 'the WebP parses');
  assert.ok(!out.includes(Buffer.from('GPS', 'latin1')), 'no metadata left');
  assert.equal(out[20]! & 0x0c, 0, 'VP8X says there is no EXIF or XMP');
  assert.equal(out.readUInt32LE(4), out.length - 8, 'the RIFF size is right');
  assert.ok(out.includes(vp8), 'the picture chunk is untouched');
});

test('a file whose structure does not parse is refused, never passed on', () => {
  const cut = phoneJpeg(6).subarray(0, 40);
  assert.equal(stripMetadata(cut, 'image/jpeg'), null, 'a JPEG cut inside a segment');
  assert.equal(stripMetadata(PNG.subarray(0, 20), 'image/png'), null, 'a PNG cut inside a chunk');
  assert.deepEqual(checkPhotos([{ filename: 'cut.jpg', data: cut, truncated: false }]), { ok: false, code: 'photo_type' }, 'the upload is refused as not a photo');
});

test('an uploaded photo is stored without its metadata', () => {
  const checked = checkPhotos([{ filename: 'IMG_0042.jpg', data: phoneJpeg(6), truncated: false }]);
  assert.ok(checked.ok, 'accepted');
  assert.ok(!checked.photos[0]!.data.includes(Buffer.from('GPS', 'latin1')), 'what is stored has no location');
});
