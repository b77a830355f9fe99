import { startInProcessServer, type Engine } from '@kasir/test-kit';
import { expect } from 'vitest';
import { faultOptions, type FaultOptions } from '../lib/fault-options.ts';
import { reportFigures } from '../lib/fault-report.ts';
import { startFleet, type Fleet, type FleetCheck } from '../lib/fleet.ts';

/** Sales per second per device: 20 devices make 40 sales/s, a busy shop at rush hour. */
const RATE_PER_DEVICE = 2;

export interface NetworkRun {
  readonly options: FaultOptions;
  readonly sold: number;
  readonly check: FleetCheck;
  readonly faults: Readonly<Record<string, number>>;
  /** Seconds from healing the network to every device drained and caught up. */
  readonly settleS: number;
  readonly fleet: Fleet;
}

/**
 * One network scenario on one engine: a fresh server, a fleet of `devices` in branch 0 and one
 * device in branch 1 (for isolation, S13), all selling through the chaos proxy for `durationS`
 * while `inject` breaks the network; then `heal`, wait for everything to drain and converge, check,
 * report the figures, and hand the run to `assertions` before the fleet stops.
 */
export async function runNetworkScenario(opts: {
  readonly scenario: string;
  readonly engine: Engine;
  /** Breaks the network while the fleet sells; resolves when `until` has passed. */
  readonly inject: (fleet: Fleet, until: number) => Promise<void>;
  readonly heal: (fleet: Fleet) => void;
  readonly extra?: (fleet: Fleet) => Record<string, number | string>;
  readonly assertions: (run: NetworkRun) => void;
}): Promise<void> {
  const options = faultOptions();
  const server = await startInProcessServer(opts.engine);
  try {
    const fleet = await startFleet({
      serverUrl: server.url,
      adminToken: server.adminToken,
      seed: options.seed,
      branches: [options.devices, 1],
    });
    try {
      const durationMs = options.durationS * 1000;
      const [sold] = await Promise.all([
        fleet.sell({ durationMs, ratePerDevice: RATE_PER_DEVICE }),
        opts.inject(fleet, Date.now() + durationMs),
      ]);
      opts.heal(fleet);
      const healedAt = Date.now();
      // Backoff caps at 30 s (S9), so a device may sleep that long after the heal before retrying.
      const settled = await fleet.settle(90_000).then(
        () => null,
        (e: unknown) => (e instanceof Error ? e.message : String(e)),
      );
      const settleS = (Date.now() - healedAt) / 1000;
      const check = await fleet.check();
      const faults = fleet.proxy.faults();
      // Reported before asserting, so a failing long run still leaves its figures.
      reportFigures({
        scenario: opts.scenario,
        engine: opts.engine,
        seed: options.seed,
        durationS: options.durationS,
        devices: fleet.devices.length,
        salesMade: check.made,
        salesLost: check.lost,
        salesDuplicated: check.unexpected + check.stockMismatches,
        skippedChanges: check.skipped + check.unseen,
        crossBranchLeaks: check.leaks,
        faults,
        extra: {
          ...Object.fromEntries(
            Object.entries(fleet.proxy.requests()).map(([route, n]) => [`requests: ${route}`, n]),
          ),
          'seconds to drain and converge after healing': Math.round(settleS * 10) / 10,
          'products with a wrong stock': check.stockMismatches,
          'mutations parked as failed': check.parked,
          'devices in the second branch (isolation)': fleet.devices.length - options.devices,
          ...opts.extra?.(fleet),
          ...(settled === null ? {} : { 'did not settle': settled }),
        },
      });
      expect(settled, 'the fleet drained and converged after healing').toBeNull();
      expect(check.problems, 'no problems found by the check').toEqual([]);
      expect(check.made).toBe(sold);
      expect(check.made).toBeGreaterThan(0);
      expect({
        lost: check.lost,
        unexpected: check.unexpected,
        stockMismatches: check.stockMismatches,
        skipped: check.skipped,
        unseen: check.unseen,
        leaks: check.leaks,
        parked: check.parked,
        pending: check.pending,
      }).toEqual({
        lost: 0,
        unexpected: 0,
        stockMismatches: 0,
        skipped: 0,
        unseen: 0,
        leaks: 0,
        parked: 0,
        pending: 0,
      });
      opts.assertions({ options, sold, check, faults, settleS, fleet });
    } finally {
      await fleet.stop();
    }
  } finally {
    await server.close();
  }
}

/**
 * Test timeout for a scenario of `durationS`: selling time plus set-up, settling (up to 90 s) and
 * the check. The project's default (10 min) would cut a long run of 10 minutes short.
 */
export function scenarioTimeoutMs(durationS = faultOptions().durationS): number {
  return (durationS + 300) * 1000;
}

/** Sum of the counts whose kind starts with `prefix`. */
export function countOf(faults: Readonly<Record<string, number>>, prefix: string): number {
  return Object.entries(faults)
    .filter(([k]) => k.startsWith(prefix))
    .reduce((a, [, n]) => a + n, 0);
}
