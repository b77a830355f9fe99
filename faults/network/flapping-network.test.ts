/**
 * Fault "flapping network" (issue 6): while the fleet sells, the chaos proxy cuts every connection
 * (HTTP and realtime) and refuses new ones, then lets them through again, each state lasting 1-3 s
 * (seeded). Sales keep being committed locally (S1); after the network heals, the realtime sockets
 * reconnect and every device catches up by pull (S6) — without being poked, since the fallback
 * pull (5 min) is far beyond the run.
 */
import { seededRandom } from '@kasir/sync';
import { describe, expect, it } from 'vitest';
import { faultOptions } from '../lib/fault-options.ts';
import { sleep } from '@kasir/test-kit';
import { countOf, runNetworkScenario, scenarioTimeoutMs } from './scenario.ts';

const reconnects = (connects: number): number => Math.max(0, connects - 1);

describe.each(['sqlite', 'postgres'] as const)('flapping network, on %s', (engine) => {
  it(
    'S6: with the network cut and restored every 1-3 s, realtime reconnects, every device catches up by pull, every sale is on the server exactly once, no branch sees another',
    async () => {
      const flap = seededRandom(faultOptions().seed * 31 + 7);
      await runNetworkScenario({
        scenario: 'flapping network',
        engine,
        async inject(fleet, until) {
          const phase = (): number => Math.min(1000 + flap() * 2000, Math.max(0, until - Date.now()));
          while (Date.now() < until) {
            await sleep(phase());
            if (Date.now() >= until) break;
            fleet.proxy.setOnline(false);
            await sleep(phase());
            fleet.proxy.setOnline(true);
          }
        },
        heal: (fleet) => fleet.proxy.setOnline(true),
        extra: (fleet) => ({
          'realtime reconnects': fleet.devices.reduce((a, d) => a + reconnects(d.realtimeConnects), 0),
        }),
        assertions({ faults, fleet }) {
          expect(faults['network down'] ?? 0).toBeGreaterThan(0);
          // Both kinds of connection were really cut, not only refused.
          expect(countOf(faults, 'connection cut: realtime')).toBeGreaterThan(0);
          expect(countOf(faults, 'connection cut: http')).toBeGreaterThan(0);
          // Every device lost its socket at least once and got it back (settle waited for online).
          for (const d of fleet.devices) expect(reconnects(d.realtimeConnects), d.name).toBeGreaterThan(0);
        },
      });
    },
    scenarioTimeoutMs(),
  );
});
