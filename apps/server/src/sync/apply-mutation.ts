import type { Mutation, MutationResult } from '@kasir/protocol';
import { updateProduct } from '../catalog/update-product.ts';
import type { GroupCommitter } from '../db/group-commit.ts';
import { retryOnUniqueViolation } from '../db/db-errors.ts';
import type { DevicePrincipal } from '../devices/device-service.ts';
import { type SaleJob, type SaleJobResult } from '../sales/record-sales.ts';
import { adjustStock, countStock } from '../stock/stock-mutations.ts';
import type { Positioned } from './feed.ts';
import { applyOnce, payloadHash, type IdempotentResult, type StoredOutcome } from './idempotency.ts';

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
  writes: Writes,
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
  const hash = payloadHash(m.payload);
  // All writes of a branch share group commits (see group-commit.ts); sales go in bulk.
  const r: IdempotentResult<readonly Positioned[]> =
    m.type === 'sale.create'
      ? await saleOnce(writes, { who, sale: m.payload, hash, now })
      : await applyOnce<readonly Positioned[]>(
          (work) => writes.run(who.branchId, work),
          { id: m.id, deviceId: who.deviceId, type: m.type, hash },
          (trx) => {
            switch (m.type) {
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

/** The device write path: group commits per branch, with sales handled in bulk. */
export type Writes = GroupCommitter<SaleJob, SaleJobResult>;

/**
 * Records a sale through the bulk path. Two first attempts racing in different processes: one
 * commits, the other's batch fails on the unique key and is retried, and then finds the stored
 * outcome (S3).
 */
function saleOnce(writes: Writes, job: SaleJob): Promise<SaleJobResult> {
  return retryOnUniqueViolation(() => writes.bulk(job.who.branchId, job));
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
