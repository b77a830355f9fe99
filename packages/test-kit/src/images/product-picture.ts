import { crc32, deflateSync } from 'node:zlib';
import { productImagePath, type AdminProduct } from '@kasir/protocol';

/**
 * A PNG of `width` x `height`: a diagonal gradient from `rgb` to white with a darker band, so two
 * colours give two visibly different pictures and each has real image content (no codec needed).
 */
export function picturePng(width: number, height: number, rgb: readonly [number, number, number]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0, then RGB
    for (let x = 0; x < width; x++) {
      const t = (x + y) / (width + height);
      const band = Math.abs(x - y) < Math.min(width, height) / 8 ? 0.6 : 1;
      for (let c = 0; c < 3; c++) row[1 + x * 3 + c] = Math.round((rgb[c]! + (255 - rgb[c]!) * t) * band);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Gives a product a picture through the back office's route (`PUT /api/admin/products/:id/image`,
 * the file as the raw body); returns the product with its `image` hash. Throws on a refusal.
 */
export async function uploadProductImage(
  baseUrl: string,
  adminToken: string,
  productId: string,
  bytes: Uint8Array,
): Promise<AdminProduct> {
  const res = await fetch(`${baseUrl}/api/admin/products/${productId}/image`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(bytes),
  });
  const body = (await res.json()) as AdminProduct;
  if (!res.ok) throw new Error(`picture upload: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** The URL of a product picture's tile (160 px) on `baseUrl`. */
export const tileImageUrl = (baseUrl: string, hash: string): string =>
  `${baseUrl}${productImagePath(hash, 160)}`;
