import { createHash } from 'node:crypto';
import { IMAGE_MAX_BYTES, type ImageHash } from '@kasir/protocol';
import sharp from 'sharp';

/** The formats a product picture may be uploaded in, as sharp names them. */
export type ImageFormat = 'jpeg' | 'png' | 'webp';

/**
 * Most pixels an upload may decode to (40 MP, a large phone photo): a few kilobytes of PNG can
 * claim a huge canvas, and decoding it would take the server's memory.
 */
export const MAX_IMAGE_PIXELS = 40_000_000;

/**
 * The format of an upload by its first bytes (magic numbers), or null. The file name and the
 * request's Content-Type are the sender's claims and are never looked at.
 */
export function sniffImage(bytes: Uint8Array): ImageFormat | null {
  const at = (i: number, ...xs: number[]) => xs.every((x, k) => bytes[i + k] === x);
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  // RIFF <size> WEBP
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  return null;
}

/** The thumbnails of one picture, and the key they are stored and served under. */
export interface Thumbnails {
  readonly hash: ImageHash;
  /** 160 px square WebP. */
  readonly tile: Buffer;
  /** 480 px square WebP. */
  readonly large: Buffer;
}

export type ThumbnailResult =
  | { readonly ok: true; readonly thumbnails: Thumbnails }
  | { readonly ok: false; readonly code: 'image_unsupported' | 'image_too_large'; readonly message: string };

const unsupported = (message: string): ThumbnailResult => ({ ok: false, code: 'image_unsupported', message });

/** The key of a picture: the first 128 bits of the SHA-256 of its stored 480 px WebP. */
export const imageHashOf = (large: Uint8Array): ImageHash =>
  createHash('sha256').update(large).digest('hex').slice(0, 32);

/**
 * Checks an upload and makes its thumbnails: square, centre-cropped, turned upright by its EXIF
 * orientation, metadata (location, camera) dropped. Anything that is not a JPEG, PNG or WebP by
 * its bytes, or that the decoder refuses, is `image_unsupported`; over IMAGE_MAX_BYTES or
 * MAX_IMAGE_PIXELS is `image_too_large`.
 */
export async function makeThumbnails(bytes: Buffer): Promise<ThumbnailResult> {
  if (bytes.length > IMAGE_MAX_BYTES) {
    return { ok: false, code: 'image_too_large', message: `the image is over ${IMAGE_MAX_BYTES} bytes` };
  }
  const format = sniffImage(bytes);
  if (format === null) return unsupported('the file is not a JPEG, PNG or WebP image');
  const options = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' } as const;
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes, { ...options, limitInputPixels: false }).metadata();
    if (meta.format !== format) return unsupported(`the file starts as ${format} but is not one`);
    width = meta.width;
    height = meta.height;
  } catch {
    return unsupported(`the ${format} image cannot be read`);
  }
  if (width * height > MAX_IMAGE_PIXELS) {
    return {
      ok: false,
      code: 'image_too_large',
      message: `the image has ${width}x${height} pixels; at most ${MAX_IMAGE_PIXELS} are taken`,
    };
  }
  try {
    const upright = sharp(bytes, options).rotate();
    const square = (size: number, quality: number) =>
      upright.clone().resize(size, size, { fit: 'cover' }).webp({ quality }).toBuffer();
    const [tile, large] = await Promise.all([square(160, 70), square(480, 78)]);
    return { ok: true, thumbnails: { hash: imageHashOf(large), tile, large } };
  } catch {
    return unsupported(`the ${format} image cannot be decoded`);
  }
}
