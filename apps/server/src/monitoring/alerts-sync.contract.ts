import { describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { useTestServer } from '../test/use-test-server.ts';
import { claimAlertCheck, syncAlerts, type AlertCandidate } from './alerts.ts';

const candidate = (i: number): AlertCandidate => ({
  key: `negative_stock:sync-test:${i}`,
  kind: 'negative_stock',
  branchId: 'sync-test',
  deviceId: null,
  productId: `p${i}`,
  subject: `Product ${i}`,
  since: '2026-01-01T00:00:00.000Z',
  details: { onHand: -1 },
});

/** syncAlerts opens and closes alerts in chunks, each once, even when processes race (issue 18). */
export function alertsSyncContract(engine: Engine): void {
  describe(`syncAlerts [${engine}]`, () => {
    const t = useTestServer(engine);
    const openRows = () =>
      t.server.db.kysely
        .selectFrom('alerts')
        .select(['id', 'key'])
        .where('branchId', '=', 'sync-test')
        .where('closedAt', 'is', null)
        .execute();

    it('opens hundreds of alerts, each once, when two processes check at the same moment', async () => {
      const all = Array.from({ length: 300 }, (_, i) => candidate(i));
      const [a, b] = await Promise.all([
        syncAlerts(t.server.db, all, '2026-01-01T01:00:00.000Z'),
        syncAlerts(t.server.db, all, '2026-01-01T01:00:00.000Z'),
      ]);
      const opened = [...a, ...b];
      expect(opened).toHaveLength(300);
      expect(new Set(opened.map((x) => x.productId)).size).toBe(300);
      const rows = await openRows();
      expect(rows).toHaveLength(300);
      // What a caller was told it opened is what the table holds (the webhook names these ids).
      expect(new Set(rows.map((r) => r.id))).toEqual(new Set(opened.map((x) => x.id)));
      // Checked again: nothing new.
      expect(await syncAlerts(t.server.db, all, '2026-01-01T01:01:00.000Z')).toEqual([]);
    });

    it('closes those that no longer hold, once, and lets the same trouble open again', async () => {
      const kept = Array.from({ length: 100 }, (_, i) => candidate(i));
      const before = await openRows();
      await Promise.all([
        syncAlerts(t.server.db, kept, '2026-01-01T02:00:00.000Z'),
        syncAlerts(t.server.db, kept, '2026-01-01T02:00:00.000Z'),
      ]);
      expect((await openRows()).map((r) => r.key).sort()).toEqual(kept.map((c) => c.key).sort());
      const closed = await t.server.db.kysely
        .selectFrom('alerts')
        .select(['id', 'key', 'closedAt'])
        .where('branchId', '=', 'sync-test')
        .where('closedAt', 'is not', null)
        .execute();
      expect(closed).toHaveLength(200);
      for (const c of closed) {
        expect(c.closedAt).toBe('2026-01-01T02:00:00.000Z');
        expect(before.find((b) => b.id === c.id)?.key).toBe(c.key.split('#')[0]);
        expect(c.key).toBe(`${c.key.split('#')[0]}#${c.id}`);
      }
      const again = await syncAlerts(t.server.db, [...kept, candidate(250)], '2026-01-01T03:00:00.000Z');
      expect(again.map((a) => a.productId)).toEqual(['p250']);
      expect(closed.some((c) => c.id === again[0]!.id)).toBe(false);
    });

    it('one process per interval claims the background check, however many tick at once', async () => {
      const t0 = Date.parse('2026-01-01T04:00:00.000Z');
      const every = 60_000;
      const claims = (at: number) =>
        Promise.all(Array.from({ length: 4 }, () => claimAlertCheck(t.server.db, at, every)));
      const wins = (r: boolean[]) => r.filter(Boolean).length;
      expect(wins(await claims(t0))).toBe(1);
      // Within the interval nobody claims it again; once it has passed, one does.
      expect(wins(await claims(t0 + 30_000))).toBe(0);
      expect(wins(await claims(t0 + every - 1))).toBe(0);
      expect(wins(await claims(t0 + every))).toBe(1);
      expect(wins(await claims(t0 + every + 1_000))).toBe(0);
    });
  });
}
