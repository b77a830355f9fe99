import { cursorCovers, decodeCursor } from '@kasir/protocol';
import type { LocalChecksums } from '../catalog/catalog-index.ts';
import type { PullRun } from '../pull/pull-changes.ts';
import type { ApiError } from '../transport/api-result.ts';
import type { EngineContext } from '../engine/engine-context.ts';

/** The outcome of comparing what the device holds with what the server says it should (S12). */
export type IntegrityResult =
  | { readonly kind: 'ok'; readonly local: LocalChecksums }
  | {
      readonly kind: 'mismatch';
      readonly local: LocalChecksums;
      readonly server: LocalChecksums;
      readonly repaired?: boolean;
      /** The server's feed is behind this device's cursor: its database was restored from a backup. */
      readonly feedBehind?: boolean;
    }
  | { readonly kind: 'error'; readonly error: ApiError };

/**
 * Pulls to the head, reads `/api/sync/state` and compares counts and checksums, but only when both
 * describe the same cursor: a change between the pull and the state read would look like damage.
 * Tries a few times while the feed is moving.
 */
export async function checkIntegrity(
  ctx: EngineContext,
  pull: () => Promise<PullRun>,
): Promise<IntegrityResult> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const pulled = await pull();
    if (!pulled.ok) return { kind: 'error', error: pulled.error };
    const state = await ctx.api.getState();
    if (!state.ok) return { kind: 'error', error: state.error };
    const head = decodeCursor(state.value.cursor);
    const local = ctx.index.checksums();
    const server = { catalog: state.value.catalog, stock: state.value.stock };
    // A head below what this device already pulled cannot come from new writes: the server's
    // database went back in time (a restore), and changes made since will reuse positions this
    // device has passed. Only a full download brings it level again (issue 16).
    if (head !== null && cursorCovers(pulled.cursor, head) && !cursorCovers(head, pulled.cursor))
      return { kind: 'mismatch', local, server, feedBehind: true };
    if (head === null || !cursorCovers(pulled.cursor, head) || !cursorCovers(head, pulled.cursor)) continue;
    const same =
      local.catalog.count === server.catalog.count &&
      local.catalog.checksum === server.catalog.checksum &&
      local.stock.count === server.stock.count &&
      local.stock.checksum === server.stock.checksum;
    return same ? { kind: 'ok', local } : { kind: 'mismatch', local, server };
  }
  return { kind: 'error', error: { kind: 'network', message: 'the feed kept moving; try again later' } };
}
