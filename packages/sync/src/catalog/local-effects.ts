import type { Product } from '@kasir/protocol';
import type { OutboxEntry } from '../store/records.ts';

type ProductChanges = Partial<
  Pick<Product, 'name' | 'price' | 'barcodes' | 'category' | 'taxRate' | 'active'>
>;

/**
 * Whether an entry in this state has no effect: a conflict holds a count or an edit back until a
 * person resolves it (S8). The only way an entry's state changes its effect.
 */
export function heldBack(state: OutboxEntry['state']): boolean {
  return state.kind === 'synced' && state.outcome === 'conflict';
}

/** What this device's own unsynced writes change on top of the server's state (S1). */
export interface LocalEffects {
  /** Stock moves per product: a count sets a base, later sales and adjustments move it. */
  readonly stock: ReadonlyMap<string, { readonly set: number | null; readonly delta: number }>;
  readonly edits: ReadonlyMap<string, ProductChanges>;
}

/**
 * `LocalEffects` that their owner may add entries to (`applyLocalEffect`). The maps change in
 * place; their values never do (each step stores a new one), so a value read earlier stays as read.
 */
export interface MutableLocalEffects extends LocalEffects {
  readonly stock: Map<string, { readonly set: number | null; readonly delta: number }>;
  readonly edits: Map<string, ProductChanges>;
}

/** Effects of no entries: a new object each call, owned by the caller. */
export function emptyLocalEffects(): MutableLocalEffects {
  return { stock: new Map(), edits: new Map() };
}

/**
 * Adds one entry's effect to `effects`. Entries must be applied in `seq` order: applying one whose
 * seq is above every seq applied before gives exactly what `replayLocalEffects` gives for all of
 * them, which is what lets a new local write cost the size of its entry and not of the outbox.
 */
export function applyLocalEffect(effects: MutableLocalEffects, entry: OutboxEntry): void {
  const { stock, edits } = effects;
  const move = (productId: string, delta: number): void => {
    const s = stock.get(productId) ?? { set: null, delta: 0 };
    stock.set(productId, { set: s.set, delta: s.delta + delta });
  };
  const m = entry.mutation;
  switch (m.type) {
    case 'sale.create':
      for (const l of m.payload.lines) move(l.productId, -l.quantity);
      break;
    case 'stock.adjust':
      move(m.payload.productId, m.payload.delta);
      break;
    case 'stock.receive':
      for (const l of m.payload.lines) move(l.productId, l.quantity);
      break;
    case 'transfer.send':
      for (const l of m.payload.lines) move(l.productId, -l.quantity);
      break;
    case 'transfer.receive':
      // Lines left out arrived in full, but the sent quantities are the server's: shown after sync.
      for (const l of m.payload.lines) move(l.productId, l.received);
      break;
    case 'stock.count':
      // A count that came back as a conflict is not applied until a person resolves it (S8).
      if (heldBack(entry.state)) break;
      stock.set(m.payload.productId, { set: m.payload.counted, delta: 0 });
      break;
    case 'product.update': {
      if (heldBack(entry.state)) break;
      const defined = Object.fromEntries(
        Object.entries(m.payload.changes).filter(([, v]) => v !== undefined),
      );
      edits.set(m.payload.productId, { ...edits.get(m.payload.productId), ...(defined as ProductChanges) });
      break;
    }
  }
}

/** `replayLocalEffects` in the mutable form, for an owner that adds later entries to it. */
export function buildLocalEffects(entries: readonly OutboxEntry[]): MutableLocalEffects {
  const effects = emptyLocalEffects();
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) applyLocalEffect(effects, e);
  return effects;
}

/**
 * Replays the outbox entries still held (pending, inflight, failed, and synced ones not yet pruned)
 * in drain order. A synced entry is pruned once a pull after its acknowledgement has brought the
 * server's state, so its effect is counted exactly once over that hand-over. A failed sale still
 * moves stock: the goods left the shop whatever the server said (S7).
 */
export function replayLocalEffects(entries: readonly OutboxEntry[]): LocalEffects {
  return buildLocalEffects(entries);
}
