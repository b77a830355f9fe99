import { parseArgs } from 'node:util';

/** One scripted outage: every device is offline from `from` to `to` seconds after the start. */
export interface OfflinePeriod {
  readonly from: number;
  readonly to: number;
}

export interface SimulatorArgs {
  readonly server: string;
  readonly adminToken: string;
  readonly devices: number;
  /** Sales per second, per device. */
  readonly rate: number;
  /** Seconds of selling. */
  readonly duration: number;
  readonly offlinePeriods: readonly OfflinePeriod[];
  readonly products: number;
  readonly seed: number;
  /** Seconds to wait for the outboxes to drain after selling stops. */
  readonly drainTimeout: number;
}

const HELP = `Kasir device simulator: enrols devices and makes them sell through the sync engine.

  npx tsx bench/simulator/main.ts --server http://127.0.0.1:8080 --admin-token X \\
      --devices 5 --rate 2 --duration 30 [--offline-periods 10-15,20-25] [--products 200] [--seed 1]

  --offline-periods  comma-separated from-to second ranges in which all devices lose the network
  --drain-timeout    seconds to wait for every outbox to drain at the end (default 120)`;

/** Parses the command line once (STYLE: config parsed in main, passed down). */
export function parseSimulatorArgs(argv: readonly string[]): SimulatorArgs | { readonly help: string } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      server: { type: 'string' },
      'admin-token': { type: 'string' },
      devices: { type: 'string', default: '5' },
      rate: { type: 'string', default: '2' },
      duration: { type: 'string', default: '30' },
      'offline-periods': { type: 'string', default: '' },
      products: { type: 'string', default: '200' },
      seed: { type: 'string', default: '1' },
      'drain-timeout': { type: 'string', default: '120' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || values.server === undefined || values['admin-token'] === undefined)
    return { help: HELP };
  const offlinePeriods = values['offline-periods']
    .split(',')
    .filter((s) => s.trim() !== '')
    .map((s) => {
      const [from, to] = s.split('-').map(Number);
      if (from === undefined || to === undefined || !(to > from)) throw new Error(`bad offline period: ${s}`);
      return { from, to };
    });
  return {
    server: values.server.replace(/\/+$/, ''),
    adminToken: values['admin-token'],
    devices: Number(values.devices),
    rate: Number(values.rate),
    duration: Number(values.duration),
    offlinePeriods,
    products: Number(values.products),
    seed: Number(values.seed),
    drainTimeout: Number(values['drain-timeout']),
  };
}
