import { createHash, randomBytes } from 'node:crypto';
import {
  IMAGE_MAX_BYTES,
  productImagePath,
  type AdminProduct,
  type Product,
  type PullResponse,
} from '@kasir/protocol';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { startServer } from '../server.ts';
import { ADMIN_TOKEN, httpRequest, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';
import { IMAGE_CACHE_CONTROL } from './product-image-routes.ts';

/** A small picture of `format` (not square: the thumbnails are cropped to squares). */
const picture = (format: 'jpeg' | 'png' | 'webp', colour: string): Promise<Buffer> =>
  sharp({ create: { width: 320, height: 200, channels: 3, background: colour } })
    .toFormat(format)
    .toBuffer();

/**
 * Product pictures (issue 16): uploaded from the back office, sniffed by their bytes, resized to
 * WebP thumbnails stored in the database under their hash, served with immutable caching, and
 * named on the product in the catalog feed.
 */
export function productImagesContract(engine: Engine): void {
  describe(`product images [${engine}]`, () => {
    const t = useTestServer(engine);
    let dev: TestDevice;
    let products: Product[];

    const upload = (id: string, raw: Uint8Array | string, contentType = 'application/octet-stream') =>
      t.request('PUT', `/api/admin/products/${id}/image`, {
        token: ADMIN_TOKEN,
        raw,
        headers: { 'content-type': contentType },
      });
    const feedProduct = async (id: string): Promise<Product | undefined> => {
      const r = await t.request('GET', '/api/sync/pull?cursor=0.0&limit=1000', { token: dev.token });
      expect(r.status).toBe(200);
      const all = (r.body as PullResponse).changes.filter((c) => c.kind === 'product' && c.data.id === id);
      const last = all[all.length - 1];
      return last?.kind === 'product' ? last.data : undefined;
    };

    beforeAll(async () => {
      const branch = await t.branch('IMG');
      dev = await t.device(branch);
      products = await t.products([
        { sku: 'IMG-1', name: 'Kopi', price: 5000 },
        { sku: 'IMG-2', name: 'Teh', price: 4000 },
        { sku: 'IMG-3', name: 'Gula', price: 15000 },
      ]);
    });

    it('takes a JPEG, a PNG and a WebP by their bytes, whatever the Content-Type claims', async () => {
      const cases = [
        { format: 'jpeg', claimed: 'image/jpeg', product: products[0]! },
        { format: 'png', claimed: 'image/jpeg', product: products[1]! },
        { format: 'webp', claimed: 'text/plain', product: products[2]! },
      ] as const;
      for (const c of cases) {
        const r = await upload(c.product.id, await picture(c.format, '#c0392b'), c.claimed);
        expect(r.status, `${c.format}: ${JSON.stringify(r.body)}`).toBe(200);
        const saved = r.body as AdminProduct;
        expect(saved.image).toMatch(/^[0-9a-f]{32}$/);
        expect(saved.version).toBe(c.product.version + 1);
        for (const size of [160, 480] as const) {
          const got = await fetch(`${t.url}${productImagePath(saved.image!, size)}`);
          expect(got.status).toBe(200);
          expect(got.headers.get('content-type')).toBe('image/webp');
          const meta = await sharp(Buffer.from(await got.arrayBuffer())).metadata();
          expect([meta.format, meta.width, meta.height]).toEqual(['webp', size, size]);
        }
      }
    });

    it('takes a picture of several megabytes (over the default 1 MB body limit, under IMAGE_MAX_BYTES)', async () => {
      const noisy = await sharp(randomBytes(1100 * 1000 * 3), {
        raw: { width: 1100, height: 1000, channels: 3 },
      })
        .png({ compressionLevel: 0 })
        .toBuffer();
      expect(noisy.length).toBeGreaterThan(3 * 1024 * 1024);
      expect(noisy.length).toBeLessThan(IMAGE_MAX_BYTES);
      const r = await upload(products[1]!.id, noisy, 'image/png');
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    });

    it('stores the thumbnails once under the hash of the 480 px WebP; the same picture twice changes nothing', async () => {
      const product = products[0]!;
      const before = (await t.admin('GET', `/api/admin/products/${product.id}`)).body as AdminProduct;
      const large = await fetch(`${t.url}${productImagePath(before.image!, 480)}`);
      const bytes = Buffer.from(await large.arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex').slice(0, 32)).toBe(before.image);
      const again = await upload(product.id, await picture('jpeg', '#c0392b'));
      expect(again.status).toBe(200);
      expect((again.body as AdminProduct).version).toBe(before.version);
      const rows = await t.server.db.kysely.selectFrom('productImages').select('hash').execute();
      expect(rows.map((r) => r.hash).filter((h) => h === before.image)).toHaveLength(1);
    });

    it('refuses a renamed text file, a fake header, an empty body and a file over the limit with the envelope', async () => {
      const id = products[1]!.id;
      const before = (await t.admin('GET', `/api/admin/products/${id}`)).body as AdminProduct;
      const text = await upload(id, 'hello, this is a text file named foto.jpg', 'image/jpeg');
      expect([text.status, (text.body as { error: { code: string } }).error.code]).toEqual([
        422,
        'image_unsupported',
      ]);
      const fake = await upload(id, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6]), 'image/jpeg');
      expect(fake.status).toBe(422);
      expect(fake.body).toMatchObject({ error: { code: 'image_unsupported' } });
      const empty = await upload(id, '');
      expect(empty.status).toBe(422);
      expect(empty.body).toMatchObject({ error: { code: 'image_unsupported' } });
      const big = Buffer.alloc(IMAGE_MAX_BYTES + 1, 7);
      big.set([0xff, 0xd8, 0xff, 0xe0]);
      const tooBig = await upload(id, big, 'image/jpeg');
      expect(tooBig.status).toBe(413);
      expect(tooBig.body).toMatchObject({ error: { code: 'image_too_large' } });
      const after = (await t.admin('GET', `/api/admin/products/${id}`)).body as AdminProduct;
      expect([after.image, after.version]).toEqual([before.image, before.version]);
    });

    it('serves a picture with immutable caching and an ETag, 304 for that ETag, 404 for an unknown hash', async () => {
      const { image } = (await t.admin('GET', `/api/admin/products/${products[0]!.id}`)).body as AdminProduct;
      const url = `${t.url}${productImagePath(image!, 160)}`;
      const first = await fetch(url);
      expect(first.status).toBe(200);
      expect(first.headers.get('cache-control')).toBe(IMAGE_CACHE_CONTROL);
      const etag = first.headers.get('etag');
      expect(etag).toBe(`"${image!}-160"`);
      const again = await fetch(url, { headers: { 'if-none-match': etag! } });
      expect(again.status).toBe(304);
      expect((await again.arrayBuffer()).byteLength).toBe(0);
      const other = await fetch(url, { headers: { 'if-none-match': '"something-else"' } });
      expect(other.status).toBe(200);
      const unknown = await fetch(`${t.url}${productImagePath('0'.repeat(32), 160)}`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('cache-control')).toBe('no-store');
      expect((await fetch(`${t.url}/api/images/${image!}/999.webp`)).status).toBe(400);
      expect((await fetch(`${t.url}/api/images/NOT-A-HASH/160.webp`)).status).toBe(400);
    });

    it('the catalog feed carries the picture; an upsert keeps it; removing it sends the product without one', async () => {
      const product = products[2]!;
      const withImage = await feedProduct(product.id);
      expect(withImage?.image).toMatch(/^[0-9a-f]{32}$/);
      // A price list re-imported (PUT) changes the price and keeps the picture.
      const [upserted] = (
        await t.admin('PUT', '/api/admin/products', [{ sku: product.sku, name: product.name, price: 16000 }])
      ).body as Product[];
      expect(upserted?.image).toBe(withImage?.image);
      expect((await feedProduct(product.id))?.image).toBe(withImage?.image);
      // Products without a picture spend no bytes on it.
      const [plain] = (
        await t.admin('PUT', '/api/admin/products', [{ sku: 'IMG-4', name: 'Garam', price: 3000 }])
      ).body as Product[];
      expect(plain).not.toHaveProperty('image');
      const removed = await t.request('DELETE', `/api/admin/products/${product.id}/image`, {
        token: ADMIN_TOKEN,
      });
      expect(removed.status).toBe(200);
      expect((removed.body as AdminProduct).image ?? null).toBeNull();
      const last = await feedProduct(product.id);
      expect(last?.image ?? null).toBeNull();
      expect(last?.version).toBe(upserted!.version + 1);
      // The thumbnails stay: another product (or a till's cache) may still name them.
      expect((await fetch(`${t.url}${productImagePath(withImage!.image!, 160)}`)).status).toBe(200);
    });

    it('answers 404 for an unknown product and refuses a device token', async () => {
      const png = await picture('png', '#2980b9');
      const unknown = await upload('01900000-0000-7000-8000-000000000000', png);
      expect(unknown.status).toBe(404);
      const asDevice = await t.request('PUT', `/api/admin/products/${products[1]!.id}/image`, {
        token: dev.token,
        raw: png,
        headers: { 'content-type': 'image/png' },
      });
      expect(asDevice.status).toBe(401);
      expect(
        (await t.request('DELETE', `/api/admin/products/${products[1]!.id}/image`, { token: dev.token }))
          .status,
      ).toBe(401);
    });

    it('another server process on the same database serves the picture', async () => {
      const { image } = (await t.admin('GET', `/api/admin/products/${products[1]!.id}`)).body as AdminProduct;
      const other = await startServer({ database: t.database.options, adminToken: ADMIN_TOKEN });
      try {
        const r = await fetch(`${other.url}${productImagePath(image!, 480)}`);
        expect(r.status).toBe(200);
        const mine = await fetch(`${t.url}${productImagePath(image!, 480)}`);
        expect(Buffer.from(await r.arrayBuffer()).equals(Buffer.from(await mine.arrayBuffer()))).toBe(true);
        const viaOther = await httpRequest(other.url, 'GET', `/api/admin/products/${products[1]!.id}`, {
          token: ADMIN_TOKEN,
        });
        expect((viaOther.body as AdminProduct).image).toBe(image);
      } finally {
        await other.close();
      }
    });
  });
}
