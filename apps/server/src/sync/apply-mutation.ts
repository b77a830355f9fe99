import type { Mutation, MutationResult } from '@kasir/protocol';
import { updateProduct } from '../catalog/update-product.ts';
import type { GroupCommitter } from '../db/group-commit.ts';
import type { DevicePrincipal } from '../devices/device-service.ts';
import { recordSale } from '../sales/record-sale.ts';
import { adjustStock, countStock } from '../stock/stock-mutations.ts';
import type { Positioned } from './feed.ts';
import { applyOnce, payloadHash, type StoredOutcome } from './idempotency.ts';

/** What applying one mutation gave: the wire result, the HTTP view of it, and the feed entries. */
export interface Applied {
  readonly result: MutationResult;
  /** 201 first time for a sale, 200 on replay; 409 on an id reused with another payload; 4xx rejected. */
  readonly httpStatus: number;
  readonly body: unknown;
  readonly changes: readonly Positioned[];
}

/**
 * Applies one validated mutation exactly once (S3), in a savepoint of its own inside a group
 * commit, so one bad mutation never undoes or blocks the others (S9).
 */
export async function applyMutation(
  writes: GroupCommitter,
  who: DevicePrincipal,
  m: Mutation,
  now: string,
): Promise<Applied> {
  if (m.type === 'sale.create' && m.payload.id !== m.id) {
    const error = {
      code: 'mutation_id_mismatch' as const,
      message: 'a sale.create mutation id must equal the sale id',
    };
    return {
      result: { id: m.id, status: 'rejected', ...error },
      httpStatus: 422,
      body: { error },
      changes: [],
    };
  }
  // All writes of a branch share group commits (see group-commit.ts).
  const r = await applyOnce<readonly Positioned[]>(
    (work) => writes.run(who.branchId, work),
    { id: m.id, deviceId: who.deviceId, type: m.type, hash: payloadHash(m.payload) },
    (trx) => {
      switch (m.type) {
        case 'sale.create':
          return recordSale(trx, who, m.payload, now);
        case 'product.update':
          return updateProduct(trx, who, m.id, m.payload, now);
        case 'stock.adjust':
          return adjustStock(trx, who, m.id, m.payload, now);
        case 'stock.count':
          return countStock(trx, who, m.id, m.payload, now);
      }
    },
    () => now,
  );
  if (r.kind === 'mismatch') {
    const error = {
      code: 'idempotency_conflict' as const,
      message: 'this mutation id was already used with a different payload',
    };
    return {
      result: { id: m.id, status: 'rejected', ...error },
      httpStatus: 409,
      body: { error },
      changes: [],
    };
  }
  const { outcome } = r;
  const replay = r.kind === 'replayed';
  return {
    result: toResult(m.id, outcome, replay),
    httpStatus: replay && outcome.httpStatus === 201 ? 200 : outcome.httpStatus,
    body: outcome.body,
    changes: r.kind === 'applied' ? r.after : [],
  };
}

function toResult(id: string, o: StoredOutcome, replay: boolean): MutationResult {
  switch (o.status) {
    case 'accepted':
      return { id, status: replay ? 'duplicate' : 'accepted', result: o.body };
    case 'conflict':
      return {
        id,
        status: 'conflict',
        conflict: o.body as Extract<MutationResult, { status: 'conflict' }>['conflict'],
      };
    case 'rejected': {
      const e = (
        o.body as {
          error: {
            code: Extract<MutationResult, { status: 'rejected' }>['code'];
            message: string;
            details?: unknown;
          };
        }
      ).error;
      return {
        id,
        status: 'rejected',
        code: e.code,
        message: e.message,
        ...(e.details === undefined ? {} : { details: e.details }),
      };
    }
  }
}
