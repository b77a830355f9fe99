import { describe, expect, it } from 'vitest';
import { seededRandom } from '../deps/random.ts';
import { testId } from '../testing/fixtures.ts';
import { makeOutboxEntry, randomOutboxEntries } from '../testing/outbox-entries.ts';
import {
  applyLocalEffect,
  buildLocalEffects,
  emptyLocalEffects,
  replayLocalEffects,
  type LocalEffects,
} from './local-effects.ts';

const productIds = [1, 2, 3, 4].map((n) => testId(n, '0191'));
const [a, b] = productIds as [string, string];

/** Maps as sorted entry lists: equal effects compare equal whatever order keys were added in. */
const plain = (e: LocalEffects): unknown => ({
  stock: [...e.stock].sort(([x], [y]) => (x < y ? -1 : 1)),
  edits: [...e.edits].sort(([x], [y]) => (x < y ? -1 : 1)),
});

describe('local effects', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])(
    'S1: seed %i: adding entries one by one in seq order equals replaying them all',
    (seed) => {
      const rnd = seededRandom(seed);
      const entries = randomOutboxEntries(rnd, { count: 60, productIds });
      const effects = emptyLocalEffects();
      entries.forEach((entry, i) => {
        applyLocalEffect(effects, entry);
        // After every step, not only at the end: each add is a state the cashier sees.
        expect(plain(effects)).toEqual(plain(replayLocalEffects(entries.slice(0, i + 1))));
      });
      // On top of a replay of a prefix too, which is what an index set from the outbox then sees.
      const cut = Math.floor(rnd() * entries.length);
      const resumed = buildLocalEffects(entries.slice(0, cut));
      for (const entry of entries.slice(cut)) applyLocalEffect(resumed, entry);
      expect(plain(resumed)).toEqual(plain(effects));
    },
  );

  it('replays in seq order whatever order the entries are held in, and leaves them so', () => {
    const entries = randomOutboxEntries(seededRandom(42), { count: 80, productIds });
    const shuffled = [...entries].reverse();
    shuffled.push(...shuffled.splice(0, 10));
    const held = [...shuffled];
    expect(plain(replayLocalEffects(shuffled))).toEqual(plain(replayLocalEffects(entries)));
    expect(shuffled).toEqual(held);
  });

  it('the random entries cover every mutation type with an effect, and every state', () => {
    const entries = randomOutboxEntries(seededRandom(1), { count: 60, productIds });
    expect(new Set(entries.map((e) => e.mutation.type))).toEqual(
      new Set([
        'sale.create',
        'stock.adjust',
        'stock.receive',
        'transfer.send',
        'transfer.receive',
        'stock.count',
        'product.update',
        'transfer.cancel',
      ]),
    );
    expect(new Set(entries.map((e) => (e.state.kind === 'synced' ? e.state.outcome : e.state.kind)))).toEqual(
      new Set(['pending', 'inflight', 'failed', 'accepted', 'duplicate', 'conflict']),
    );
  });

  it('S8: a count sets a base that later moves move; a conflicting count or edit is not applied', () => {
    const conflict = { kind: 'synced', at: '2025-01-01T00:00:00.000Z', outcome: 'conflict' } as const;
    const effects = replayLocalEffects([
      makeOutboxEntry(1, {
        id: testId(1),
        type: 'stock.adjust',
        payload: { productId: a, delta: -3, reason: 'damage' },
      }),
      makeOutboxEntry(2, {
        id: testId(2),
        type: 'stock.count',
        payload: { productId: a, counted: 20, baseVersion: 1 },
      }),
      makeOutboxEntry(3, {
        id: testId(3),
        type: 'stock.adjust',
        payload: { productId: a, delta: -2, reason: 'damage' },
      }),
      makeOutboxEntry(
        4,
        { id: testId(4), type: 'stock.count', payload: { productId: a, counted: 99, baseVersion: 1 } },
        conflict,
      ),
      makeOutboxEntry(5, {
        id: testId(5),
        type: 'product.update',
        payload: { productId: b, baseVersion: 1, changes: { price: 500, name: 'Kopi' } },
      }),
      makeOutboxEntry(6, {
        id: testId(6),
        type: 'product.update',
        payload: { productId: b, baseVersion: 1, changes: { price: 700, name: undefined } },
      }),
      makeOutboxEntry(
        7,
        {
          id: testId(7),
          type: 'product.update',
          payload: { productId: b, baseVersion: 1, changes: { price: 1 } },
        },
        conflict,
      ),
    ]);
    expect(effects.stock.get(a)).toEqual({ set: 20, delta: -2 });
    expect(effects.edits.get(b)).toEqual({ price: 700, name: 'Kopi' });
    expect(effects.stock.has(b)).toBe(false);
  });

  it('S7: a failed sale still moves stock', () => {
    const failed = {
      kind: 'failed',
      code: 'validation_failed',
      message: 'nope',
      at: '2025-01-01T00:00:00.000Z',
    } as const;
    const [sale] = randomOutboxEntries(seededRandom(3), { count: 40, productIds }).filter(
      (e) => e.mutation.type === 'sale.create',
    );
    if (sale?.mutation.type !== 'sale.create') throw new Error('the seed makes a sale');
    const effects = replayLocalEffects([{ ...sale, state: failed }]);
    for (const l of sale.mutation.payload.lines)
      expect(effects.stock.get(l.productId)?.delta).toBe(-l.quantity);
  });

  it('an add never changes a value read before it', () => {
    const effects = emptyLocalEffects();
    const adjust = (seq: number, delta: number) =>
      makeOutboxEntry(seq, {
        id: testId(seq),
        type: 'stock.adjust',
        payload: { productId: a, delta, reason: 'damage' },
      });
    const edit = (seq: number, price: number) =>
      makeOutboxEntry(seq, {
        id: testId(seq),
        type: 'product.update',
        payload: { productId: a, baseVersion: 1, changes: { price } },
      });
    applyLocalEffect(effects, adjust(1, -1));
    applyLocalEffect(effects, edit(2, 100));
    const stock = effects.stock.get(a);
    const changes = effects.edits.get(a);
    applyLocalEffect(effects, adjust(3, -1));
    applyLocalEffect(effects, edit(4, 200));
    expect(stock).toEqual({ set: null, delta: -1 });
    expect(changes).toEqual({ price: 100 });
    expect(effects.stock.get(a)).toEqual({ set: null, delta: -2 });
  });
});
