/**
 * How hard the fault suite pushes. The short seeded defaults run in `npm test` (CI); the long run
 * (`npm run test:faults -- --seed N --duration S`) passes its values through the environment,
 * since vitest runs the scenarios in worker processes.
 */
export interface FaultOptions {
  /** Seeds every random choice of a scenario: a failing seed replays the same faults. */
  readonly seed: number;
  /** Seconds each timed scenario keeps selling under faults. */
  readonly durationS: number;
  /** Devices in the many-device scenarios (flapping network, response lost). */
  readonly devices: number;
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return n;
}

/** Reads KASIR_FAULT_SEED, KASIR_FAULT_DURATION_S and KASIR_FAULT_DEVICES once. */
export function faultOptions(env: NodeJS.ProcessEnv = process.env): FaultOptions {
  return {
    seed: Math.floor(positive('KASIR_FAULT_SEED', env.KASIR_FAULT_SEED, 1)),
    durationS: positive('KASIR_FAULT_DURATION_S', env.KASIR_FAULT_DURATION_S, 8),
    devices: Math.floor(positive('KASIR_FAULT_DEVICES', env.KASIR_FAULT_DEVICES, 20)),
  };
}

/**
 * Whether this is the long run (`npm run test:faults`, which sets KASIR_FAULT_DURATION_S): the
 * short run in `npm test` keeps to about 90 s for all of faults/device.
 */
export const LONG_RUN = process.env.KASIR_FAULT_DURATION_S !== undefined;

/**
 * Engines of the browser scenarios: the server's engine matters little to a device crash in the
 * browser (crash-points.test.ts covers both engines in Node), so the short run uses SQLite.
 */
export const BROWSER_ENGINES: readonly ('sqlite' | 'postgres')[] = LONG_RUN
  ? ['sqlite', 'postgres']
  : ['sqlite'];
