import type { Mutation, MutationResult, PushResponse } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { CatalogIndex } from '../catalog/catalog-index.ts';
import { silentLogger } from '../deps/logger.ts';
import type { EngineContext } from '../engine/engine-context.ts';
import { Emitter, type SyncEvents } from '../status/sync-events.ts';
import type { DeviceStore } from '../store/device-store.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import type { OutboxOutcome } from '../store/records.ts';
import { makeProduct, makeSaleInput } from '../testing/fixtures.ts';
import { createManualClock, settle } from '../testing/manual-clock.ts';
import type { ApiResult } from '../transport/api-result.ts';
import type { SyncApi } from '../transport/sync-api.ts';
import { pushOutbox } from './push-outbox.ts';

type Answer = (mutations: readonly Mutation[]) => ApiResult<PushResponse>;

const accepted: Answer = (ms) => ({
  ok: true,
  value: { results: ms.map((m): MutationResult => ({ id: m.id, status: 'accepted', result: m.payload })) },
});
const networkError: Answer = () => ({ ok: false, error: { kind: 'network', message: 'offline' } });

/**
 * A server whose pushes wait until the test answers them, one by one in the order they came, and
 * which counts what it received by mutation id; it applies an id once (S3: a replay is a duplicate).
 */
function slowServer() {
  const received = new Map<string, number>();
  const waiting: { mutations: readonly Mutation[]; answer: (a: Answer) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sent: string[][] = [];
  const push = (mutations: readonly Mutation[]): Promise<ApiResult<PushResponse>> => {
    sent.push(mutations.map((m) => m.id));
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise((resolve) => {
      waiting.push({
        mutations,
        answer: (a) => {
          inFlight--;
          const res = a(mutations);
          if (res.ok) {
            res.value.results.forEach((r, i) => {
              if (r.status !== 'accepted') return;
              const id = mutations[i]!.id;
              const seen = received.get(id) ?? 0;
              received.set(id, seen + 1);
              if (seen > 0) res.value.results[i] = { ...r, status: 'duplicate' };
            });
          }
          resolve(res);
        },
      });
    });
  };
  const unsupported = (): never => {
    throw new Error('not used by pushOutbox');
  };
  const api: SyncApi = { push, getDevice: unsupported, pull: unsupported, getState: unsupported };
  return {
    api,
    received,
    sent,
    maxInFlight: () => maxInFlight,
    /** Answers the oldest waiting push once it has been sent. */
    async answer(a: Answer): Promise<void> {
      await settle();
      const w = waiting.shift();
      if (w === undefined) throw new Error('no push waiting');
      w.answer(a);
      await settle();
    },
    waiting: () => waiting.length,
  };
}

async function setup(n: number, store: DeviceStore = createMemoryStore()) {
  const clock = createManualClock();
  const server = slowServer();
  const products = [makeProduct(1), makeProduct(2)];
  for (let i = 1; i <= n; i++) {
    const sale = makeSaleInput(i, products);
    await store.appendMutation({ id: sale.id, type: 'sale.create', payload: sale }, sale.createdAt);
  }
  const ctx: EngineContext = {
    store,
    api: server.api,
    clock,
    logger: silentLogger(),
    index: new CatalogIndex(),
    events: new Emitter<SyncEvents>(() => undefined),
    deviceId: () => null,
  };
  return { ctx, store, server, clock };
}

describe('pushOutbox: the next batch overlaps storing the last answer', () => {
  it('S2: sends the next batch as soon as an answer is good, never two pushes at once, in order', async () => {
    const { ctx, store, server } = await setup(5);
    const shown: (readonly OutboxOutcome[] | undefined)[] = [];
    const run = pushOutbox(ctx, {
      batchSize: 2,
      onBatch: (stored) => {
        shown.push(stored);
        return Promise.resolve();
      },
    });
    for (let k = 0; k < 3; k++) await server.answer(accepted);
    const result = await run;
    expect(result).toEqual({ ok: true, synced: 5, sales: 5 });
    expect(server.maxInFlight()).toBe(1);
    expect(server.sent.flat()).toEqual((await store.listOutbox()).map((e) => e.id));
    expect(server.sent.map((b) => b.length)).toEqual([2, 2, 1]);
    expect(await store.outboxCounts()).toEqual({ pending: 0, inflight: 0, failed: 0, synced: 5 });
    // Progress: the first batch at once, then at most every 500 ms (the manual clock stands
    // still), and the rest when the outbox is drained; every outcome is shown exactly once.
    expect(shown.map((s) => s?.length)).toEqual([2, 3]);
  });

  it('S9: a failed first batch sends nothing behind it, and all of it waits as pending', async () => {
    const { ctx, store, server } = await setup(5);
    const run = pushOutbox(ctx, { batchSize: 2 });
    await server.answer(networkError);
    const result = await run;
    expect(result.ok).toBe(false);
    expect(server.sent).toHaveLength(1);
    expect(await store.outboxCounts()).toEqual({ pending: 5, inflight: 0, failed: 0, synced: 0 });
  });

  it('S9: a mutation the server defers holds back the batches behind it', async () => {
    const { ctx, store, server } = await setup(4);
    const run = pushOutbox(ctx, { batchSize: 2 });
    await server.answer((ms) => ({
      ok: true,
      value: {
        results: ms.map((m, i): MutationResult =>
          i === 0
            ? { id: m.id, status: 'rejected', code: 'unavailable', message: 'busy' }
            : { id: m.id, status: 'accepted', result: m.payload },
        ),
      },
    }));
    const result = await run;
    // The server's own code and words, in an answer that came (200): the engine keeps HTTP up.
    expect(result).toEqual({
      ok: false,
      error: { kind: 'http', status: 200, code: 'unavailable', message: 'busy' },
      deferred: true,
      synced: 1,
      sales: 1,
    });
    expect(server.sent).toHaveLength(1);
    expect(await store.outboxCounts()).toEqual({ pending: 3, inflight: 0, failed: 0, synced: 1 });
  });

  it('S3: a storage failure while the next batch is in flight: the run ends after it, the next run sends it again, each sale applied once', async () => {
    const inner = createMemoryStore();
    let failOnce = true;
    const store: DeviceStore = {
      ...inner,
      completePush: (outcomes) => {
        if (failOnce) {
          failOnce = false;
          return Promise.reject(new Error('disk full'));
        }
        return inner.completePush(outcomes);
      },
    };
    const { ctx, server } = await setup(4, store);
    const run = pushOutbox(ctx, { batchSize: 2 });
    let ended = false;
    const caught = run.catch((e: unknown) => {
      ended = true;
      return e;
    });
    // The first answer is good: the second batch goes out, then storing the first answer fails.
    await server.answer(accepted);
    expect(server.sent).toHaveLength(2);
    // The run does not end with its request still out.
    expect(ended).toBe(false);
    await server.answer(accepted);
    expect(String(await caught)).toContain('disk full');
    expect(await inner.outboxCounts()).toEqual({ pending: 0, inflight: 4, failed: 0, synced: 0 });

    // The next run (after a backoff) sends everything again: the server answers duplicates.
    const again = pushOutbox(ctx, { batchSize: 2 });
    await server.answer(accepted);
    await server.answer(accepted);
    expect(await again).toEqual({ ok: true, synced: 4, sales: 4 });
    // Each sale went twice; the server applied the first and answered the second as a replay.
    expect([...server.received.values()]).toEqual([2, 2, 2, 2]);
    const synced = await inner.listOutbox({ kinds: ['synced'] });
    expect(synced.map((e) => (e.state.kind === 'synced' ? e.state.outcome : ''))).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
      'duplicate',
    ]);
  });
});
