import { Mutation, type ConflictRecord } from '@kasir/protocol';
import type { CatalogIndex } from '../catalog/catalog-index.ts';
import type { RecordResult } from './record-sale.ts';

type Of<T extends Mutation['type']> = Extract<Mutation, { type: T }>['payload'];

/**
 * A write other than a sale. `baseVersion` defaults to the version this device holds, which is
 * what the person saw when editing (S8).
 */
export type MutationDraft =
  | {
      readonly type: 'product.update';
      readonly payload: Omit<Of<'product.update'>, 'baseVersion'> & { baseVersion?: number };
    }
  | { readonly type: 'stock.adjust'; readonly payload: Of<'stock.adjust'> }
  | { readonly type: 'audit.record'; readonly payload: Of<'audit.record'> }
  | {
      readonly type: 'stock.count';
      readonly payload: Omit<Of<'stock.count'>, 'baseVersion'> & { baseVersion?: number };
    }
  | { readonly type: 'stock.receive'; readonly payload: Of<'stock.receive'> }
  | { readonly type: 'transfer.send'; readonly payload: Of<'transfer.send'> }
  | { readonly type: 'transfer.receive'; readonly payload: Of<'transfer.receive'> }
  | { readonly type: 'transfer.cancel'; readonly payload: Of<'transfer.cancel'> }
  | {
      /** A stocktake line; `baseVersion` defaults to the product's stock version here (docs/stock-operations.md). */
      readonly type: 'stocktake.count';
      readonly payload: Omit<Of<'stocktake.count'>, 'baseVersion'> & { baseVersion?: number };
    }
  // The drawer, refunds and customers (issue 13): a shift, refund or customer takes the mutation's id.
  | { readonly type: 'shift.open'; readonly payload: Omit<Of<'shift.open'>, 'shiftId'> }
  | { readonly type: 'cash.move'; readonly payload: Of<'cash.move'> }
  | { readonly type: 'shift.close'; readonly payload: Of<'shift.close'> }
  | { readonly type: 'refund.create'; readonly payload: Omit<Of<'refund.create'>, 'id'> }
  | { readonly type: 'customer.create'; readonly payload: Omit<Of<'customer.create'>, 'id'> };

/** Completes and validates a draft into a mutation with a new id (S2). */
export function buildMutation(
  draft: MutationDraft,
  id: string,
  catalog: CatalogIndex,
): RecordResult<Mutation> {
  let raw: unknown;
  switch (draft.type) {
    case 'product.update': {
      const baseVersion = draft.payload.baseVersion ?? catalog.get(draft.payload.productId)?.version;
      if (baseVersion === undefined)
        return { ok: false, code: 'unknown_product', message: 'product not in the local catalog' };
      raw = { id, type: draft.type, payload: { ...draft.payload, baseVersion } };
      break;
    }
    case 'stock.count':
    case 'stocktake.count': {
      const baseVersion =
        draft.payload.baseVersion ?? catalog.stockLevel(draft.payload.productId)?.version ?? 0;
      raw = { id, type: draft.type, payload: { ...draft.payload, baseVersion } };
      break;
    }
    case 'stock.adjust':
    case 'stock.receive':
    case 'transfer.send':
    case 'transfer.receive':
    case 'transfer.cancel':
    case 'cash.move':
    case 'shift.close':
    case 'audit.record':
      raw = { id, type: draft.type, payload: draft.payload };
      break;
    case 'shift.open':
      raw = { id, type: draft.type, payload: { ...draft.payload, shiftId: id } };
      break;
    case 'refund.create':
    case 'customer.create':
      raw = { id, type: draft.type, payload: { ...draft.payload, id } };
      break;
  }
  const parsed = Mutation.safeParse(raw);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, code: 'validation_failed', message: parsed.error.message };
}

const PRODUCT_FIELDS = ['name', 'price', 'barcodes', 'category', 'taxRate', 'active'] as const;

/**
 * "Keep mine" (S8): the same edit again, now on the server's current version. `original` is the
 * conflicting mutation when the outbox still holds it, else the conflict's copy of mine is used.
 */
export function keepMine(
  conflict: ConflictRecord,
  original: Mutation | undefined,
  id: string,
  catalog: CatalogIndex,
): RecordResult<Mutation> {
  if (conflict.kind === 'product') {
    const source: Record<string, unknown> =
      original?.type === 'product.update' ? { ...original.payload.changes } : conflict.mine;
    const changes = Object.fromEntries(
      PRODUCT_FIELDS.filter((k) => source[k] !== undefined).map((k) => [k, source[k]]),
    );
    return buildMutation(
      {
        type: 'product.update',
        payload: { productId: conflict.entityId, baseVersion: conflict.serverVersion, changes },
      },
      id,
      catalog,
    );
  }
  const counted = original?.type === 'stock.count' ? original.payload.counted : conflict.mine['counted'];
  if (typeof counted !== 'number')
    return { ok: false, code: 'validation_failed', message: 'conflict has no counted quantity' };
  return buildMutation(
    {
      type: 'stock.count',
      payload: { productId: conflict.entityId, counted, baseVersion: conflict.serverVersion },
    },
    id,
    catalog,
  );
}
