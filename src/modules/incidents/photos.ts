/**
 * Photos of a damaged or non-conforming article (docs/decisions/0010-incident-photo-uploads.md):
 * JPEG, PNG or WebP only, decided from the bytes, never from the file name or the browser's type.
 */
import { stripMetadata } from './strip-metadata.js';

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTO_MAX_COUNT = 3;
export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

/** The image type of these bytes by their magic numbers, or null for anything else (SVG, HTML, GIF, PDF…). */
export function sniffImage(b: Uint8Array): PhotoType | null {
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}

export type UploadedFile = { filename: string; data: Buffer; truncated: boolean };
export type PhotoRefusal = 'photo_type' | 'photo_too_big' | 'too_many_photos' | 'photos_not_for_reason';
export type CheckedPhoto = { contentType: PhotoType; data: Buffer };

/**
 * Checks the uploaded files of one form: empty file inputs (nothing chosen) are ignored; more than
 * three, one too large (cut by the parser) or one that is not a JPEG/PNG/WebP refuses them all.
 */
export function checkPhotos(files: UploadedFile[]): { ok: true; photos: CheckedPhoto[] } | { ok: false; code: PhotoRefusal } {
  const chosen = files.filter((f) => f.data.length > 0 || f.truncated);
  if (chosen.length > PHOTO_MAX_COUNT) return { ok: false, code: 'too_many_photos' };
  const photos: CheckedPhoto[] = [];
  for (const f of chosen) {
    if (f.truncated || f.data.length > PHOTO_MAX_BYTES) return { ok: false, code: 'photo_too_big' };
    const contentType = sniffImage(f.data);
    if (!contentType) return { ok: false, code: 'photo_type' };
    // Where and with what the photo was taken is the customer's business, not the seller's.
    const data = stripMetadata(f.data, contentType);
    if (!data) return { ok: false, code: 'photo_type' };
    photos.push({ contentType, data });
  }
  return { ok: true, photos };
}

/** The headers a stored photo is served with: a download, of its checked type, that no browser runs. */
export function photoHeaders(p: { id: string; contentType: PhotoType; bytes: number }): Record<string, string> {
  const ext = p.contentType === 'image/jpeg' ? 'jpg' : p.contentType === 'image/png' ? 'png' : 'webp';
  return {
    'content-type': p.contentType,
    'content-length': String(p.bytes),
    'content-disposition': `attachment; filename="photo-${p.id.slice(0, 8)}.${ext}"`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; sandbox",
    'cache-control': 'private, no-store',
    'cross-origin-resource-policy': 'same-origin',
  };
}
