import { productImagePath, type AdminProduct, type Product } from '@kasir/protocol';
import { Registry } from 'prom-client';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { ADMIN_TOKEN } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';
import { IMAGES_MARK, IMAGE_GRACE_DAYS } from './prune-images.ts';
import { RetentionJob, type RetentionJobOptions } from './retention-job.ts';

const DAY = 86_400_000;
const quiet = { info: () => undefined, warn: () => undefined };
let colours = 0;
/** A picture no other test uploads: its own colour. */
const picture = (): Promise<Buffer> => {
  const c = ++colours;
  return sharp({
    create: { width: 64, height: 64, channels: 3, background: { r: c % 256, g: (c * 37) % 256, b: 99 } },
  })
    .png()
    .toBuffer();
};

/**
 * The sweep of unused product pictures (issue 16; retention/prune-images.ts): a picture no live
 * product names is deleted IMAGE_GRACE_DAYS after the sweep first found it so, and never one a
 * product names.
 */
export function pruneImagesContract(engine: Engine): void {
  describe(`retention of product pictures [${engine}]`, () => {
    const t = useTestServer(engine);
    let products: Product[];
    let n = 0;
    beforeAll(async () => {
      products = await t.products(
        Array.from({ length: 9 }, (_, i) => ({ sku: `PIC-${i}`, name: `Barang ${i}`, price: 1000 })),
      );
    });

    const job = (extra: Partial<RetentionJobOptions> = {}) =>
      new RetentionJob({
        db: t.server.db,
        settings: { mutationDays: 90, feedDays: 90, intervalMs: 0, batchSize: 2, pauseMs: 0 },
        now: () => t.now(),
        log: quiet,
        ...extra,
      });
    const upload = async (id: string, bytes?: Buffer): Promise<string> => {
      const r = await t.request('PUT', `/api/admin/products/${id}/image`, {
        token: ADMIN_TOKEN,
        raw: bytes ?? (await picture()),
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return (r.body as AdminProduct).image!;
    };
    const stored = async (hash: string): Promise<boolean> =>
      (await t.server.db.kysely
        .selectFrom('productImages')
        .select('hash')
        .where('hash', '=', hash)
        .executeTakeFirst()) !== undefined;
    const served = async (hash: string): Promise<number> =>
      (await fetch(`${t.url}${productImagePath(hash, 160)}`)).status;
    /** Runs the job after `days` more days; returns what it deleted. */
    const after = async (days: number): Promise<number> => {
      t.advanceClock(days * DAY);
      return (await job().runOnce()).imagesDeleted;
    };
    const fresh = () => products[n++]!;

    it('deletes a replaced picture once the grace has passed since the sweep found it unused, and then answers 404', async () => {
      const p = fresh();
      const old = await upload(p.id);
      const current = await upload(p.id);
      // The sweep's first sight starts the grace.
      await after(0);
      await after(IMAGE_GRACE_DAYS - 1);
      expect(await stored(old)).toBe(true);
      expect(await served(old)).toBe(200);
      await after(2);
      expect(await stored(old)).toBe(false);
      const gone = await fetch(`${t.url}${productImagePath(old, 160)}`);
      expect(gone.status).toBe(404);
      expect(gone.headers.get('cache-control')).toBe('no-store');
      expect(await gone.json()).toEqual({ error: { code: 'not_found', message: 'no such image' } });
      expect((await fetch(`${t.url}${productImagePath(old, 480)}`)).status).toBe(404);
      expect(await served(current)).toBe(200);
    });

    it('never deletes a picture a product names, archived products included', async () => {
      const live = fresh();
      const archived = fresh();
      const a = await upload(live.id);
      const b = await upload(archived.id);
      expect(
        (await t.products([{ sku: archived.sku, name: archived.name, price: 1000, active: false }]))[0]!
          .active,
      ).toBe(false);
      for (let i = 0; i < 4; i++) await after(100);
      expect([await stored(a), await stored(b)]).toEqual([true, true]);
      expect([await served(a), await served(b)]).toEqual([200, 200]);
    });

    it('keeps a picture two products share when one of them lets it go', async () => {
      const one = fresh();
      const two = fresh();
      const bytes = await picture();
      const shared = await upload(one.id, bytes);
      expect(await upload(two.id, bytes)).toBe(shared);
      const removed = await t.request('DELETE', `/api/admin/products/${one.id}/image`, {
        token: ADMIN_TOKEN,
      });
      expect(removed.status).toBe(200);
      await after(0);
      await after(IMAGE_GRACE_DAYS + 30);
      expect(await served(shared)).toBe(200);
      // The other one lets it go too: now it goes, a grace after that.
      await t.request('DELETE', `/api/admin/products/${two.id}/image`, { token: ADMIN_TOKEN });
      expect(await after(1)).toBe(0);
      expect(await stored(shared)).toBe(true);
      await after(IMAGE_GRACE_DAYS + 1);
      expect(await stored(shared)).toBe(false);
    });

    it("a deleted product's picture goes after the grace; brought back, the product has none", async () => {
      const p = fresh();
      const hash = await upload(p.id);
      expect((await t.admin('DELETE', `/api/admin/products/${p.id}`)).status).toBe(204);
      await after(0);
      await after(IMAGE_GRACE_DAYS + 1);
      expect(await stored(hash)).toBe(false);
      const [back] = await t.products([{ sku: p.sku, name: p.name, price: 1000 }]);
      expect(back!.image ?? null).toBeNull();
      const row = await t.server.db.kysely
        .selectFrom('products')
        .select('image')
        .where('id', '=', p.id)
        .executeTakeFirstOrThrow();
      expect(row.image).toBeNull();
    });

    it('storing the same picture again restarts its grace, so the sweep cannot take it before a product names it', async () => {
      const p = fresh();
      const bytes = await picture();
      const hash = await upload(p.id, bytes);
      await upload(p.id);
      await after(0);
      await after(IMAGE_GRACE_DAYS - 1);
      // Stored again (here for a product that is not there, so nothing names it): the grace restarts.
      const again = await t.request('PUT', `/api/admin/products/00000000-0000-4000-8000-000000000000/image`, {
        token: ADMIN_TOKEN,
        raw: bytes,
        headers: { 'content-type': 'application/octet-stream' },
      });
      expect(again.status).toBe(404);
      await after(2);
      expect(await stored(hash)).toBe(true);
      await after(IMAGE_GRACE_DAYS + 1);
      expect(await stored(hash)).toBe(false);
    });

    it('two processes sweeping at once delete each unused picture once', async () => {
      const p = fresh();
      const released = [await upload(p.id), await upload(p.id), await upload(p.id)];
      await upload(p.id);
      await after(0);
      t.advanceClock((IMAGE_GRACE_DAYS + 1) * DAY);
      const runs = await Promise.all([job().runOnce(), job().runOnce()]);
      expect(runs[0].imagesDeleted + runs[1].imagesDeleted).toBe(released.length);
      for (const h of released) expect(await stored(h)).toBe(false);
    });

    it('reports deleted pictures in its log line and metrics, and each pass starts over', async () => {
      const p = fresh();
      const a = await upload(p.id);
      await upload(p.id);
      await after(0);
      t.advanceClock((IMAGE_GRACE_DAYS + 1) * DAY);
      const registry = new Registry();
      const lines: { obj: object; msg: string }[] = [];
      const log = { info: (obj: object, msg: string) => lines.push({ obj, msg }), warn: quiet.warn };
      await job({ registry, log }).runOnce();
      expect(await stored(a)).toBe(false);
      expect(lines).toEqual([
        { msg: 'retention run', obj: expect.objectContaining({ imagesDeleted: 1 }) as object },
      ]);
      expect(await registry.metrics()).toContain(
        'kasir_retention_rows_total{table="product_images",action="deleted"} 1',
      );
      const mark = await t.server.db.kysely
        .selectFrom('retentionMarks')
        .select('mark')
        .where('name', '=', IMAGES_MARK)
        .executeTakeFirst();
      expect(mark?.mark ?? '').toBe('');
    });
  });
}
