import { encodeCursor, type Cursor, type PullResponse } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { CatalogIndex } from '../catalog/catalog-index.ts';
import { silentLogger } from '../deps/logger.ts';
import type { EngineContext } from '../engine/engine-context.ts';
import { Emitter, type SyncEvents } from '../status/sync-events.ts';
import { createMemoryStore } from '../store/memory-store.ts';
import { makeProduct } from '../testing/fixtures.ts';
import { createManualClock } from '../testing/manual-clock.ts';
import type { SyncApi } from '../transport/sync-api.ts';
import { pullChanges } from './pull-changes.ts';

/** A feed that answers the given pages in turn, noting the cursor each request asked from. */
function feed(pages: readonly PullResponse[]) {
  const asked: string[] = [];
  let writes = 0;
  const inner = createMemoryStore();
  const unsupported = (): never => {
    throw new Error('not used by pullChanges');
  };
  const api: SyncApi = {
    pull: (cursor) => {
      asked.push(cursor);
      const page = pages[asked.length - 1];
      if (page === undefined) throw new Error('no more pages');
      return Promise.resolve({ ok: true, value: page });
    },
    push: unsupported,
    getDevice: unsupported,
    getState: unsupported,
  };
  const ctx: EngineContext = {
    store: {
      ...inner,
      applyChanges: (changes, cursor) => {
        writes++;
        return inner.applyChanges(changes, cursor);
      },
    },
    api,
    clock: createManualClock(),
    logger: silentLogger(),
    index: new CatalogIndex(),
    events: new Emitter<SyncEvents>(() => undefined),
    deviceId: () => null,
  };
  return { ctx, asked, writes: () => writes, store: inner };
}

const at = (catalog: number, branch: number): Cursor => ({ catalog, branch });

describe('pullChanges (S4)', () => {
  it('writes a page that only moves the cursor (sales outside the window left out) and asks on from there', async () => {
    const product = makeProduct(1);
    const f = feed([
      { changes: [], cursor: encodeCursor(at(0, 40)), hasMore: true },
      {
        changes: [{ kind: 'product', scope: 'catalog', seq: 3, data: product }],
        cursor: encodeCursor(at(3, 40)),
        hasMore: false,
      },
    ]);
    const run = await pullChanges(f.ctx, at(0, 10), 100);
    expect(run).toEqual({ ok: true, cursor: at(3, 40), pages: 2 });
    expect(f.asked).toEqual([encodeCursor(at(0, 10)), encodeCursor(at(0, 40))]);
    expect(f.writes()).toBe(2);
    expect((await f.store.readMeta()).cursor).toEqual(at(3, 40));
    expect(f.ctx.index.get(product.id)?.name).toBe(product.name);
  });

  it('writes nothing when the feed has nothing new (the pull after a sale whose changes came by realtime)', async () => {
    const f = feed([{ changes: [], cursor: encodeCursor(at(3, 40)), hasMore: false }]);
    const run = await pullChanges(f.ctx, at(3, 40), 100);
    expect(run).toEqual({ ok: true, cursor: at(3, 40), pages: 0 });
    expect(f.writes()).toBe(0);
  });
});
