import { z } from 'zod';

/**
 * A product image's key: the first 128 bits (32 lowercase hex digits) of the SHA-256 of its stored
 * 480 px WebP. The bytes behind a key never change, so every URL built from it is cached forever.
 */
export const ImageHash = z.string().regex(/^[0-9a-f]{32}$/, 'image: 32 lowercase hex digits');
export type ImageHash = z.infer<typeof ImageHash>;

/**
 * The sizes the server makes of every image (square WebP, px): 160 for the till's tiles, 480 for
 * the back office's preview and larger screens.
 */
export const PRODUCT_IMAGE_SIZES = [160, 480] as const;
export type ProductImageSize = (typeof PRODUCT_IMAGE_SIZES)[number];

/** The largest upload the server takes (bytes); a larger one is refused with `image_too_large`. */
export const IMAGE_MAX_BYTES = 5 * 1024 * 1024;

/** Where one size of an image is served, relative to the server's origin (`GET`, no token). */
export function productImagePath(hash: string, size: ProductImageSize): string {
  return `/api/images/${hash}/${size}.webp`;
}
