import {
  decodeCursor,
  DEFAULT_PULL_LIMIT,
  DEFAULT_SALES_WINDOW_DAYS,
  Mutation,
  PullQuery,
  PullResponse,
  PushBody,
  PushResponse,
  SyncStateResponse,
  type MutationResult,
} from '@kasir/protocol';
import { deviceOf, oneAtATime } from '../auth/auth-hooks.ts';
import { deviceGuard } from '../auth/route-guard.ts';
import type { DevicePrincipal } from '../auth/principal.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { HttpError } from '../http/http-error.ts';
import { isDataException } from '../db/db-errors.ts';
import { rejected } from '../feed/outcome.ts';
import { pushResult } from '../http/outcome-reply.ts';
import { pullChanges } from './pull-changes.ts';
import { syncState } from './sync-state.ts';

/** A push of 200 sales of 500 lines each would be ~20 MB; real batches are a few hundred KB. */
export const PUSH_BODY_LIMIT = 4 * 1024 * 1024;

export function registerSyncRoutes(app: App, deps: RouteDeps): void {
  const { db } = deps;
  const device = deviceGuard(deps, 'sync');

  app.get(
    '/api/sync/pull',
    device.route({ schema: { querystring: PullQuery, response: { 200: PullResponse } } }),
    async (req, reply) => {
      const from = decodeCursor(req.query.cursor);
      if (from === null) throw new HttpError(400, 'invalid_cursor', 'cursor must be "<catalog>.<branch>"');
      const days = req.query.salesDays ?? DEFAULT_SALES_WINDOW_DAYS;
      const salesSince = new Date(deps.clock.now() - days * 86_400_000).toISOString();
      const limit = req.query.limit ?? DEFAULT_PULL_LIMIT;
      const json = await pullChanges(db, deviceOf(req).branchId, from, limit, salesSince);
      // Already JSON text (see pull-changes.ts): sent as is, typed as the schema it matches.
      return reply
        .type('application/json; charset=utf-8')
        .serializer((s) => s as string)
        .send(json as unknown as PullResponse);
    },
  );

  app.get(
    '/api/sync/state',
    device.route({ schema: { response: { 200: SyncStateResponse } } }),
    (req, reply) =>
      oneAtATime(deps.limiter, req, reply, 'sync state', () =>
        syncState(db, deviceOf(req).branchId, isoNow(deps.clock)),
      ),
  );

  app.post(
    '/api/sync/push',
    device.route({
      config: { writesOnly: true },
      bodyLimit: PUSH_BODY_LIMIT,
      schema: { body: PushBody, response: { 200: PushResponse } },
    }),
    (req, reply) => oneAtATime(deps.limiter, req, reply, 'push', () => push(deviceOf(req), req.body)),
  );

  async function push(who: DevicePrincipal, body: PushBody): Promise<PushResponse> {
    const now = isoNow(deps.clock);
    // Submitted together and queued in order (S2), so they share group commits; each is applied
    // in a savepoint of its own, so a rejected one blocks nothing behind it (S9).
    const settled = await Promise.allSettled(
      body.mutations.map(async (raw): Promise<MutationResult> => {
        const parsed = Mutation.safeParse(raw);
        if (!parsed.success) {
          const id =
            typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string'
              ? raw.id
              : '';
          deps.metrics.mutations.inc({ type: 'invalid', status: 'rejected' });
          const details = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
          return pushResult(
            id,
            rejected('validation_failed', 'the mutation does not match the schema', details),
          );
        }
        try {
          const { outcome, changes } = await deps.mutations(who, parsed.data, now);
          deps.metrics.mutations.inc({ type: parsed.data.type, status: outcome.status });
          deps.hub.publish(changes, who.branchId);
          return pushResult(parsed.data.id, outcome);
        } catch (e) {
          // A value the database cannot hold is this mutation's fault alone: park it (S9).
          if (!isDataException(e)) throw e;
          return pushResult(parsed.data.id, rejected('validation_failed', 'a value cannot be stored'));
        }
      }),
    );
    // Anything else (database unreachable, a bug) fails the whole push: the device retries it,
    // and what did commit replays as duplicates (S3).
    const failure = settled.find((r) => r.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    const results = settled.map((r) => (r as PromiseFulfilledResult<MutationResult>).value);
    return { results };
  }
}
