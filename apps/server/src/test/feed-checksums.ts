import { stateChecksums, type Change, type SetSummary } from '@kasir/protocol';

/** What `GET /api/sync/state` must report for the state a pull of `changes` gives (S12). */
export function checksumsOfChanges(changes: readonly Change[]): { catalog: SetSummary; stock: SetSummary } {
  return stateChecksums(
    changes.flatMap((c) => (c.kind === 'product' ? [c.data] : [])),
    changes.flatMap((c) => (c.kind === 'stock' ? [c.data] : [])),
  );
}
