/**
 * Fault "response lost" (issue 6): the chaos proxy forwards a request to the server and, at random
 * (seeded), cuts the connection as the response starts to come back. The server committed; the
 * device hears nothing and retries. S3 says the retry is safe: nothing may be lost or applied twice.
 */
import { describe, expect, it } from 'vitest';
import { sleep } from '@kasir/test-kit';
import { countOf, runNetworkScenario, scenarioTimeoutMs } from './scenario.ts';

/**
 * One in ten device API responses lost: with 20 busy devices that is a loss every second or so.
 * (More only lengthens runs of failures, so the backoff cap of 30 s sets the time to recover.)
 */
const LOSS = 0.1;

describe.each(['sqlite', 'postgres'] as const)('response lost, on %s', (engine) => {
  it(
    'S3: with responses lost at random, every sale is on the server exactly once with its stock effect, every device converges, no branch sees another',
    async () => {
      await runNetworkScenario({
        scenario: 'response lost',
        engine,
        async inject(fleet, until) {
          fleet.proxy.setResponseLoss(LOSS);
          await sleep(until - Date.now());
        },
        heal: (fleet) => fleet.proxy.setResponseLoss(0),
        extra: (fleet) => ({
          'response loss probability': LOSS,
          ...Object.fromEntries(
            Object.entries(fleet.proxy.exposed()).map(([route, n]) => [
              `requests exposed to loss: ${route}`,
              n,
            ]),
          ),
        }),
        assertions({ faults }) {
          // The fault was really injected, on the writes that matter: pushes the server committed.
          // (Pulls lose theirs too, but fewer happen under loss, since a failed push skips the pull.)
          expect(countOf(faults, 'response dropped: POST /api/sync/push')).toBeGreaterThan(0);
        },
      });
    },
    scenarioTimeoutMs(),
  );
});
