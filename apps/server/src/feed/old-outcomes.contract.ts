import { formatInvoiceNumber, Mutation, newId, PROTOCOL_HEADER, PROTOCOL_VERSION } from '@kasir/protocol';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBranch } from '../branches/branch-service.ts';
import { migrateUpTo } from '../db/migrations.ts';
import { openDatabase, type Engine } from '../db/open-database.ts';
import { createDevice } from '../devices/device-service.ts';
import { startServer, type RunningServer } from '../server.ts';
import { createTestDatabase, type TestDatabase } from '../test/test-database.ts';
import { payloadHash } from './idempotency.ts';

/**
 * Outcomes stored before migration 0006 (with `http_status`, by the server that built envelopes in
 * its domain code) must replay exactly as that server replayed them: a sale 200 with the stored body
 * byte for byte, a push `duplicate` with the stored result, a stored conflict as the same conflict.
 */
export function oldOutcomesContract(engine: Engine): void {
  describe(`S3: outcomes stored by older servers replay byte for byte (${engine})`, () => {
    let database: TestDatabase;
    let server: RunningServer;
    let token = '';
    let storedSale = '';
    const productId = newId();
    const now = '2026-01-05T08:00:00.000Z';
    const saleInput = {
      id: newId(),
      invoiceNumber: formatInvoiceNumber({
        branchCode: 'OLD',
        deviceCode: '01',
        date: '20260105',
        counter: 1,
      }),
      createdAt: now,
      lines: [{ productId, quantity: 2, unitPrice: 5000 }],
      payments: [{ method: 'cash' as const, amount: 10000 }],
    };
    // What the old server stored for that sale: JSON.stringify of the Sale it answered with.
    const saleAsStored = (branchId: string, deviceId: string) =>
      JSON.stringify({
        id: saleInput.id,
        branchId,
        deviceId,
        invoiceNumber: saleInput.invoiceNumber,
        createdAt: now,
        receivedAt: now,
        priceMode: 'inclusive',
        lines: [
          {
            productId,
            quantity: 2,
            unitPrice: 5000,
            discount: 0,
            cartDiscountShare: 0,
            taxRate: 0.11,
            amount: 10000,
          },
        ],
        payments: [{ method: 'cash', amount: 10000, reference: null }],
        taxes: [{ rate: 0.11, base: 9009, tax: 991 }],
        subtotal: 10000,
        discount: 0,
        tax: 991,
        total: 10000,
        paid: 10000,
        change: 0,
        flags: [],
        cashierName: null,
        note: null,
      });
    const update: Mutation = {
      id: newId(),
      type: 'product.update',
      payload: { productId, baseVersion: 1, changes: { price: 6000 } },
    };
    const storedProduct = JSON.stringify({
      id: productId,
      sku: 'OLD1',
      name: 'Lama',
      price: 6000,
      version: 2,
    });
    const count: Mutation = {
      id: newId(),
      type: 'stock.count',
      payload: { productId, counted: 3, baseVersion: 1 },
    };
    const storedConflict = JSON.stringify({
      id: newId(),
      mutationId: count.id,
      kind: 'stock',
      entityId: productId,
      baseVersion: 1,
      serverVersion: 2,
      mine: { counted: 3 },
      server: { onHand: 7 },
      createdAt: now,
    });
    const adjust: Mutation = {
      id: newId(),
      type: 'stock.adjust',
      payload: { productId, delta: 4, reason: 'receive' },
    };
    const saleMutation: Mutation = { id: saleInput.id, type: 'sale.create', payload: saleInput };

    const post = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        },
        body: JSON.stringify(body),
      });
      return { status: res.status, text: await res.text() };
    };

    beforeAll(async () => {
      database = await createTestDatabase(engine);
      // A database as the server before migration 0006 left it, holding outcomes it stored.
      const db = openDatabase(database.options);
      await migrateUpTo(db.kysely, db.engine, '0005_stock_movement_version');
      const branch = await createBranch(db, 'OLD', 'Lama', now);
      if (!branch.ok) throw new Error('branch code taken');
      const device = await createDevice(db, branch.branch.id, 'Kasir', now);
      if (!device.ok) throw new Error('unknown branch');
      token = device.device.token;
      const deviceId = device.device.id;
      storedSale = saleAsStored(branch.branch.id, deviceId);
      const old = (m: Mutation, status: string, httpStatus: number, response: string) =>
        sql`insert into mutations (id, device_id, type, payload_hash, status, http_status, response, created_at)
            values (${m.id}, ${deviceId}, ${m.type}, ${payloadHash(Mutation.parse(m).payload)}, ${status},
                    ${httpStatus}, ${response}, ${now})`.execute(db.kysely);
      await old(saleMutation, 'accepted', 201, storedSale);
      await old(update, 'accepted', 200, storedProduct);
      await old(count, 'conflict', 200, storedConflict);
      await old(adjust, 'accepted', 200, 'null');
      await db.close();
      // The server of today migrates it on start.
      server = await startServer({ database: database.options, adminToken: 'old-outcomes-admin-token' });
    });

    afterAll(async () => {
      await server?.close();
      await database?.drop();
    });

    it('a sale stored with 201 replays as 200 with the stored body, byte for byte', async () => {
      expect(await post('/api/sales', saleInput)).toEqual({ status: 200, text: storedSale });
      expect(await post('/api/sales', saleInput)).toEqual({ status: 200, text: storedSale });
    });

    it('the same sale id with another payload is still a 409 idempotency_conflict', async () => {
      expect(await post('/api/sales', { ...saleInput, note: 'lain' })).toEqual({
        status: 409,
        text: '{"error":{"code":"idempotency_conflict","message":"this mutation id was already used with a different payload"}}',
      });
    });

    it('a push replays stored results as duplicates and a stored conflict as the same conflict', async () => {
      const r = await post('/api/sync/push', { mutations: [saleMutation, update, count, adjust] });
      expect(r).toEqual({
        status: 200,
        text:
          `{"results":[{"id":"${saleInput.id}","status":"duplicate","result":${storedSale}},` +
          `{"id":"${update.id}","status":"duplicate","result":${storedProduct}},` +
          `{"id":"${count.id}","status":"conflict","conflict":${storedConflict}},` +
          `{"id":"${adjust.id}","status":"duplicate","result":null}]}`,
      });
    });
  });
}
