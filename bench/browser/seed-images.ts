import { imageHashOf, setProductImage, type Db } from '@kasir/server/testing';
import sharp from 'sharp';

/**
 * A picture on every product of the bench's catalog (issue 16: "20,000 products with images").
 *
 * Uploading 20,000 pictures through `PUT /api/admin/products/:id/image` takes the server's resize
 * (about 75 ms each on this machine: 25 minutes), and even generating 20,000 different pictures
 * with sharp takes minutes. So `BASE_PICTURES` different pictures are drawn (a gradient, a disc and
 * noise, so a 160 px tile is a few KB like a photo's) and each product gets its own copy: the WebP
 * files of picture `k % BASE_PICTURES` with one extra RIFF chunk (`KSRB`, the product's number)
 * that WebP readers skip (WebP container spec, "unknown chunks"). Every product thus has its own
 * bytes, hash and URLs, which is what the till's network, HTTP cache, service worker cache and
 * decoder see; 20,000 different-looking pictures would cost the till the same. The hash is
 * computed from the stored 480 px file exactly as the server does, the rows are written straight
 * into `product_images`, and each product is then named through the server's own service (its
 * version bumped, the feed and the catalog checksum following), as an upload would.
 */
export const BASE_PICTURES = 400;

const SIDE = 160;

/** Tile-sized raw RGB: a gradient in picture `i`'s colours, a disc, and some noise. */
function drawn(i: number): Buffer {
  const px = Buffer.alloc(SIDE * SIDE * 3);
  const [r0, g0, b0] = [(i * 53) % 256, (i * 97) % 256, (i * 151) % 256];
  const [cx, cy, radius] = [40 + ((i * 7) % 80), 40 + ((i * 13) % 80), 20 + (i % 30)];
  let seed = Math.imul(i + 1, 2654435761) >>> 0;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const noise = (seed >>> 24) % 24;
      const inside = (x - cx) ** 2 + (y - cy) ** 2 < radius ** 2;
      const o = (y * SIDE + x) * 3;
      px[o] = inside ? 255 - r0 : (r0 + x + noise) & 255;
      px[o + 1] = inside ? 255 - g0 : (g0 + y + noise) & 255;
      px[o + 2] = inside ? b0 : (b0 + ((x + y) >> 1) + noise) & 255;
    }
  }
  return px;
}

interface Picture {
  readonly tile: Buffer;
  readonly large: Buffer;
}

/** The simple-format WebP `webp` (one `VP8 ` chunk) as an extended one with a `KSRB` chunk holding `n`. */
export function withNumber(webp: Buffer, width: number, height: number, n: number): Buffer {
  if (webp.toString('latin1', 12, 16) !== 'VP8 ') throw new Error('expected a simple lossy WebP');
  const vp8x = Buffer.alloc(18);
  vp8x.write('VP8X', 0, 'latin1');
  vp8x.writeUInt32LE(10, 4);
  // Flags 0 (no alpha, ICC, metadata or animation), 3 reserved bytes, then the canvas size - 1.
  vp8x.writeUIntLE(width - 1, 12, 3);
  vp8x.writeUIntLE(height - 1, 15, 3);
  const extra = Buffer.alloc(12);
  extra.write('KSRB', 0, 'latin1');
  extra.writeUInt32LE(4, 4);
  extra.writeUInt32LE(n, 8);
  const body = Buffer.concat([Buffer.from('WEBP', 'latin1'), vp8x, webp.subarray(12), extra]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

async function basePictures(count: number): Promise<Picture[]> {
  const out: Picture[] = [];
  for (let i = 0; i < count; i++) {
    const img = sharp(drawn(i), { raw: { width: SIDE, height: SIDE, channels: 3 } });
    // The server's qualities (catalog/product-images.ts); the 480 px one from the same drawing.
    const [tile, large] = await Promise.all([
      img.clone().webp({ quality: 70 }).toBuffer(),
      img.clone().resize(480, 480).webp({ quality: 78 }).toBuffer(),
    ]);
    out.push({ tile, large });
  }
  return out;
}

export interface SeededImages {
  /** Products given a picture (each its own hash). */
  readonly products: number;
  readonly basePictures: number;
  /** Mean size of a tile (160 px) as served, bytes. */
  readonly tileBytes: number;
  readonly ms: number;
}

/** Gives every product in `productIds` its own picture (see above). */
export async function seedImages(db: Db, productIds: readonly string[]): Promise<SeededImages> {
  const t0 = performance.now();
  const bases = await basePictures(Math.min(BASE_PICTURES, productIds.length));
  const now = new Date().toISOString();
  const hashes: string[] = [];
  let tileBytes = 0;
  const rows = productIds.map((_, n) => {
    const base = bases[n % bases.length]!;
    const tile = withNumber(base.tile, 160, 160, n);
    const large = withNumber(base.large, 480, 480, n);
    const hash = imageHashOf(large);
    hashes.push(hash);
    tileBytes += tile.length;
    return { hash, tile, large, createdAt: now };
  });
  for (let i = 0; i < rows.length; i += 500) {
    await db.kysely
      .insertInto('productImages')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.column('hash').doNothing())
      .execute();
  }
  for (const [n, id] of productIds.entries()) {
    const r = await setProductImage(db, id, hashes[n]!, now);
    if (!r.ok) throw new Error(`no product ${id}`);
  }
  return {
    products: productIds.length,
    basePictures: bases.length,
    tileBytes: tileBytes / Math.max(1, rows.length),
    ms: performance.now() - t0,
  };
}
