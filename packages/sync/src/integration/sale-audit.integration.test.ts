/**
 * The end-to-end sale audit (issue 16) against the real server in-process, on both engines: a sale
 * the server lost (as after a restore from an old backup) is found and sent again.
 */
import { ENGINES, createCleanup, startInProcessServer, waitFor, type InProcessServer } from '@kasir/test-kit';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncClient } from '../client/create-sync-client.ts';
import type { SaleAuditRun } from '../client/sale-audit.ts';
import { openDexieStore } from '../store/dexie-store.ts';
import type { LocalSale } from '../store/records.ts';
import { makeSaleDraft } from '../testing/fixtures.ts';

describe.each(ENGINES)('sale audit against the real server on %s', (engine) => {
  let real: InProcessServer;
  const cleanup = createCleanup();

  beforeAll(async () => {
    real = await startInProcessServer(engine);
    cleanup.defer(() => real.close());
  }, 60_000);
  afterAll(() => cleanup.run(), 60_000);

  /** Deletes a sale from the server as a restore from an older backup would: sale and its mutation record. */
  async function loseOnServer(id: string): Promise<void> {
    const db = real.server.db.kysely;
    await db.deleteFrom('saleLines').where('saleId', '=', id).execute();
    await db.deleteFrom('salePayments').where('saleId', '=', id).execute();
    await db.deleteFrom('sales').where('id', '=', id).execute();
    await db.deleteFrom('mutations').where('id', '=', id).execute();
  }

  const ok = (run: SaleAuditRun | { ok: false }) => {
    if (!('kind' in run)) throw new Error('not the leader');
    return run;
  };

  it('S3: a sale the server lost is re-sent by the audit, then the audit matches; both show in the log', async () => {
    const branch = await real.admin.branch(`AU${engine === 'sqlite' ? 'S' : 'P'}`);
    const products = await real.admin.products([{ sku: `AU-${engine}`, name: 'Gula', price: 15000 }]);
    const created = await real.admin.device(branch.id, 'Kasir audit');
    const store = await openDexieStore({ name: created.id, indexedDB: new IDBFactory(), IDBKeyRange });
    const client = createSyncClient({
      serverUrl: real.url,
      token: created.token,
      store,
      realtime: null,
      auditEveryMs: null,
      random: () => 0.05,
    });
    cleanup.defer(() => client.stop());
    await client.start();
    await waitFor(async () => (await store.readMeta()).identity !== null, { message: 'identity stored' });
    const sales: LocalSale[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await client.recordSale(makeSaleDraft(products));
      if (!r.ok) throw new Error(r.message);
      sales.push(r.value);
    }
    await waitFor(async () => (await client.listSales()).every((s) => s.sync.kind === 'synced'), {
      message: 'sales synced',
    });
    expect(ok(await client.auditSales())).toMatchObject({ kind: 'ok', sales: 3, requeued: 0 });

    await loseOnServer(sales[1]!.id);
    const repaired = ok(await client.auditSales());
    expect(repaired).toMatchObject({ kind: 'repaired', sales: 3, requeued: 1, differing: 0 });
    expect(client.status.get().lastAudit).toMatchObject({ kind: 'repaired', requeued: 1 });
    await waitFor(
      async () =>
        (
          await real.server.db.kysely
            .selectFrom('sales')
            .select('id')
            .where('id', '=', sales[1]!.id)
            .execute()
        ).length === 1,
      { message: 'the lost sale is back on the server' },
    );
    await waitFor(async () => (await client.listSales()).every((s) => s.sync.kind === 'synced'), {
      message: 'the re-sent sale synced',
    });
    expect(ok(await client.auditSales())).toMatchObject({ kind: 'ok', sales: 3 });
    const log = await client.readLog();
    expect(log.filter((e) => e.kind === 'audit').map((e) => e.code)).toEqual(['ok', 'repaired', 'ok']);
    expect(log.some((e) => e.kind === 'push' && e.ok)).toBe(true);
  }, 60_000);
});
