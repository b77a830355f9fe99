import type { Product, Sale } from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { sampleProducts, type TestDevice } from '../test/test-server.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** POST /api/sales: exactly once (S3), never refused for stock (S7), arithmetic checked. */
export function saleApiContract(engine: Engine): void {
  describe(`sales API [${engine}]`, () => {
    const t = useTestServer(engine);
    let dev: TestDevice;
    let products: Product[];
    beforeAll(async () => {
      dev = await t.device(await t.branch('JKT'));
      products = await t.products(sampleProducts(5));
    });

    const post = (body: unknown) => t.request('POST', '/api/sales', { token: dev.token, body });

    it('S3: 201 the first time, 200 with the same body on replay', async () => {
      const sale = t.sale(dev, [{ product: products[0]!, quantity: 2 }]);
      const first = await post(sale);
      expect(first.status).toBe(201);
      const body = first.body as Sale;
      expect(body).toMatchObject({
        id: sale.id,
        total: 2000,
        paid: 2000,
        change: 0,
        flags: ['negative_stock'],
      });
      expect(body.taxes[0]).toMatchObject({ taxRate: 11, tax: 198 });
      const again = await post(sale);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
    });

    it('S3: the same id with a different payload is 409 and changes nothing', async () => {
      const sale = t.sale(dev, [{ product: products[1]!, quantity: 1 }]);
      expect((await post(sale)).status).toBe(201);
      const other = { ...sale, payments: [{ method: 'cash', amount: 50_000 }] };
      const r = await post(other);
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ error: { code: 'idempotency_conflict' } });
      const replay = await post(sale);
      expect((replay.body as Sale).paid).toBe(2000);
    });

    it('S3: concurrent duplicates of one sale apply once', async () => {
      const sale = t.sale(dev, [{ product: products[2]!, quantity: 1 }]);
      const results = await Promise.all(Array.from({ length: 8 }, () => post(sale)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      const count = await t.server.db.kysely
        .selectFrom('sales')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('id', '=', sale.id)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
      const stock = await t.server.db.kysely
        .selectFrom('stock')
        .select('onHand')
        .where('productId', '=', products[2]!.id)
        .executeTakeFirstOrThrow();
      expect(stock.onHand).toBe(-1);
    });

    it('S7: a sale that takes stock below zero is accepted and flagged', async () => {
      const p = products[3]!;
      await t.receive(dev.branch, p, 1);
      const r = await post(t.sale(dev, [{ product: p, quantity: 3 }]));
      expect(r.status).toBe(201);
      expect((r.body as Sale).flags).toContain('negative_stock');
      const list = await t.request('GET', '/api/products?page=1&limit=10', { token: dev.token });
      const listed = (list.body as { products: { id: string; stock: number }[] }).products.find(
        (x) => x.id === p.id,
      );
      expect(listed?.stock).toBe(-2);
    });

    it('S7: a soft-deleted product is still accepted on a sale, flagged; a price deviation is flagged', async () => {
      const [gone] = await t.products([{ sku: 'GONE', name: 'Barang Lama', price: 5000 }]);
      expect((await t.admin('DELETE', `/api/admin/products/${gone!.id}`)).status).toBe(204);
      const sale = t.sale(dev, [{ product: gone!, quantity: 1 }]);
      sale.lines[0]!.unitPrice = 4500;
      sale.payments = [{ method: 'cash', amount: 4500 }];
      const r = await post(sale);
      expect(r.status).toBe(201);
      expect((r.body as Sale).flags).toEqual(expect.arrayContaining(['deleted_product', 'price_deviation']));
    });

    it('422 for a product id the server never had, and nothing is stored', async () => {
      const sale = t.sale(dev, [
        { product: { ...products[0]!, id: '01900000-0000-7000-8000-000000000000' }, quantity: 1 },
      ]);
      const r = await post(sale);
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: { code: 'unknown_product' } });
      const stored = await t.server.db.kysely
        .selectFrom('sales')
        .select('id')
        .where('id', '=', sale.id)
        .execute();
      expect(stored).toEqual([]);
    });

    it('422 with a precise code when the arithmetic does not add up', async () => {
      const under = t.sale(dev, [{ product: products[0]!, quantity: 1 }]);
      under.payments = [{ method: 'cash', amount: 999 }];
      expect((await post(under)).body).toMatchObject({ error: { code: 'underpaid' } });
      const wrongTotal = { ...t.sale(dev, [{ product: products[0]!, quantity: 1 }]), total: 1234 };
      expect((await post(wrongTotal)).body).toMatchObject({
        error: { code: 'total_mismatch', details: { expected: 1000 } },
      });
      const discount = t.sale(dev, [{ product: products[0]!, quantity: 1 }]);
      discount.lines[0]!.discount = 1001;
      const r = await post(discount);
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: { code: 'discount_exceeds_amount' } });
    });

    it('issue 14: cash rounding, card details and order channels are recorded with the sale', async () => {
      // products[3] costs 4000: with a 30 rupiah discount 3970, rounded down to 3900 for cash.
      const sale = t.sale(dev, [{ product: products[3]!, quantity: 1 }]);
      sale.lines[0]!.discount = 30;
      const withDetails = {
        ...sale,
        rounding: -70,
        payments: [
          { method: 'card', amount: 1_000, reference: 'EDC-1', approvalCode: 'A1B2C3', cardLast4: '4242' },
          { method: 'gofood', amount: 900, reference: 'GF-881' },
          { method: 'cash', amount: 2_000 },
        ],
      };
      const r = await post(withDetails);
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ total: 3_900, rounding: -70, paid: 3_900, change: 0 });
      expect((r.body as Sale).payments[0]).toEqual({
        method: 'card',
        amount: 1_000,
        reference: 'EDC-1',
        approvalCode: 'A1B2C3',
        cardLast4: '4242',
      });
      const row = await t.server.db.kysely
        .selectFrom('sales')
        .select(['rounding', 'total'])
        .where('id', '=', sale.id)
        .executeTakeFirstOrThrow();
      expect({ rounding: Number(row.rounding), total: Number(row.total) }).toEqual({
        rounding: -70,
        total: 3_900,
      });
      const card = await t.server.db.kysely
        .selectFrom('salePayments')
        .select(['approvalCode', 'cardLast4'])
        .where('saleId', '=', sale.id)
        .where('method', '=', 'card')
        .executeTakeFirstOrThrow();
      expect(card).toEqual({ approvalCode: 'A1B2C3', cardLast4: '4242' });
      const noCash = t.sale(dev, [{ product: products[3]!, quantity: 1 }]);
      const refused = await post({ ...noCash, rounding: -50, payments: [{ method: 'qris', amount: 3_950 }] });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ error: { code: 'invalid_rounding' } });
      const tooMuch = await post({
        ...t.sale(dev, [{ product: products[3]!, quantity: 1 }]),
        rounding: -1_000,
      });
      expect(tooMuch.status).toBe(400);
      const longCard = { method: 'card', amount: 4_000, cardLast4: '4242424242424242' };
      const pan = await post({
        ...t.sale(dev, [{ product: products[3]!, quantity: 1 }]),
        payments: [longCard],
      });
      expect(pan.status).toBe(400);
    });

    it('400 for malformed JSON, wrong types, zero or negative quantities', async () => {
      const bad = await t.request('POST', '/api/sales', { token: dev.token, raw: '{"id": "x",' });
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: { code: 'invalid_json' } });
      const base = t.sale(dev, [{ product: products[0]!, quantity: 1 }]);
      for (const quantity of [0, -1, 1.5, '1']) {
        const r = await post({ ...base, lines: [{ ...base.lines[0], quantity }] });
        expect(r.status, `quantity ${String(quantity)}`).toBe(400);
        expect(r.body).toMatchObject({ error: { code: 'validation_failed' } });
      }
      const types = await post({ ...base, payments: 'cash' });
      expect(types.body).toMatchObject({
        error: { code: 'validation_failed', details: [{ path: '/payments' }] },
      });
      expect((await post({ ...base, id: 'not-a-uuid' })).status).toBe(400);
      expect((await post({ ...base, extra: 1 })).status).toBe(400);
    });

    it('group commit: a batch of sales is judged sale by sale, in order', async () => {
      const p = products[4]!;
      await t.receive(dev.branch, p, 2);
      const s1 = t.sale(dev, [{ product: p, quantity: 1 }]);
      const s2 = t.sale(dev, [{ product: p, quantity: 1 }]);
      const bad = t.sale(dev, [{ product: p, quantity: 1 }]);
      bad.payments = [{ method: 'cash', amount: 1 }];
      const s3 = { ...t.sale(dev, [{ product: p, quantity: 1 }]), invoiceNumber: s1.invoiceNumber };
      const mutation = (s: typeof s1) => ({ id: s.id, type: 'sale.create', payload: s });
      const r = await t.request('POST', '/api/sync/push', {
        token: dev.token,
        body: { mutations: [s1, s2, bad, s3, s1].map(mutation) },
      });
      const results = (r.body as { results: { status: string; result?: Sale; code?: string }[] }).results;
      expect(results.map((x) => x.status)).toEqual([
        'accepted',
        'accepted',
        'rejected',
        'accepted',
        'duplicate',
      ]);
      expect(results[0]!.result!.flags).toEqual([]);
      expect(results[1]!.result!.flags).toEqual([]);
      expect(results[2]!.code).toBe('underpaid');
      expect(results[3]!.result!.flags).toEqual(['duplicate_invoice_number', 'negative_stock']);
      expect(results[4]!.result).toEqual(results[0]!.result);
      const stock = await t.server.db.kysely
        .selectFrom('stock')
        .select('onHand')
        .where('productId', '=', p.id)
        .executeTakeFirstOrThrow();
      expect(stock.onHand).toBe(-1);
    });

    it('413 for a huge body, and the server stays healthy', async () => {
      const r = await t.request('POST', '/api/sales', {
        token: dev.token,
        raw: `{"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`,
      });
      expect(r.status).toBe(413);
      expect(r.body).toMatchObject({ error: { code: 'payload_too_large' } });
      expect((await t.request('GET', '/healthz')).status).toBe(200);
    });
  });
}
