import type { Mutation } from '@kasir/protocol';
import type { Random } from '../deps/random.ts';
import type { OutboxEntry, OutboxState } from '../store/records.ts';
import { makeSaleInput, testId } from './fixtures.ts';

/** An outbox entry of `mutation` at `seq`, pending unless `state` says otherwise. */
export function makeOutboxEntry(
  seq: number,
  mutation: Mutation,
  state: OutboxState = { kind: 'pending' },
): OutboxEntry {
  return { seq, id: mutation.id, mutation, state, attempts: 0, createdAt: '2025-01-01T00:00:00.000Z' };
}

const STATES: readonly OutboxState[] = [
  { kind: 'pending' },
  { kind: 'inflight', since: '2025-01-01T00:00:00.000Z' },
  { kind: 'failed', code: 'validation_failed', message: 'nope', at: '2025-01-01T00:00:00.000Z' },
  { kind: 'synced', at: '2025-01-01T00:00:00.000Z', outcome: 'accepted' },
  { kind: 'synced', at: '2025-01-01T00:00:00.000Z', outcome: 'duplicate' },
  { kind: 'synced', at: '2025-01-01T00:00:00.000Z', outcome: 'conflict' },
];

/**
 * `count` random entries with seqs from `firstSeq` up, over a few products so that they meet:
 * every mutation type with a local effect, one without, and every outbox state (conflicts too).
 */
export function randomOutboxEntries(
  rnd: Random,
  options: { readonly count: number; readonly productIds: readonly string[]; readonly firstSeq?: number },
): OutboxEntry[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (from: number, to: number): number => from + Math.floor(rnd() * (to - from + 1));
  // Products at most once per line list, as the protocol requires of transfers.
  const lines = (): string[] => options.productIds.filter(() => rnd() < 0.5).slice(0, 3);
  const first = options.firstSeq ?? 1;
  const out: OutboxEntry[] = [];
  for (let seq = first; seq < first + options.count; seq++) {
    const id = testId(seq, '0193');
    const products = lines();
    const some = products.length > 0 ? products : [pick(options.productIds)];
    const productId = pick(options.productIds);
    let mutation: Mutation;
    switch (int(0, 7)) {
      case 0:
        mutation = {
          id,
          type: 'sale.create',
          payload: {
            ...makeSaleInput(seq, []),
            id,
            lines: some.map((p) => ({ productId: p, quantity: int(1, 5), unitPrice: 1000 })),
          },
        };
        break;
      case 1:
        mutation = {
          id,
          type: 'stock.adjust',
          payload: { productId, delta: int(-5, 5) || 1, reason: 'damage' },
        };
        break;
      case 2:
        mutation = {
          id,
          type: 'stock.receive',
          payload: { lines: some.map((p) => ({ productId: p, quantity: int(1, 9), unitCost: 500 })) },
        };
        break;
      case 3:
        mutation = {
          id,
          type: 'transfer.send',
          payload: {
            transferId: testId(seq, '0194'),
            toBranchId: testId(1, '0195'),
            lines: some.map((p) => ({ productId: p, quantity: int(1, 4) })),
          },
        };
        break;
      case 4:
        mutation = {
          id,
          type: 'transfer.receive',
          payload: {
            transferId: testId(seq, '0194'),
            lines: products.map((p) => ({ productId: p, received: int(0, 4) })),
          },
        };
        break;
      case 5:
        mutation = { id, type: 'stock.count', payload: { productId, counted: int(0, 30), baseVersion: 1 } };
        break;
      case 6: {
        // Some fields given as undefined: an edit changes only the fields it defines.
        const changes = {
          ...(rnd() < 0.5 ? { price: int(1, 99) * 100 } : {}),
          ...(rnd() < 0.4 ? { name: `Nama ${seq}` } : {}),
          ...(rnd() < 0.3 ? { category: rnd() < 0.5 ? null : `Kategori ${seq % 3}` } : {}),
          ...(rnd() < 0.3 ? { active: rnd() < 0.5 } : {}),
          ...(rnd() < 0.3 ? { price: undefined } : {}),
          ...(rnd() < 0.2 ? { barcodes: [`77${seq}`] } : {}),
        };
        mutation = {
          id,
          type: 'product.update',
          payload: { productId, baseVersion: 1, changes: { taxRate: 11, ...changes } },
        };
        break;
      }
      default:
        mutation = { id, type: 'transfer.cancel', payload: { transferId: testId(seq, '0194') } };
    }
    out.push(makeOutboxEntry(seq, mutation, pick(STATES)));
  }
  return out;
}
