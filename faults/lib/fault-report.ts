import { appendFileSync } from 'node:fs';

/**
 * What one scenario run did and what it found, for docs/reliability.md. Every scenario checks the
 * invariant itself (and fails its test when it breaks); the figures say how hard it was tried.
 */
export interface FaultFigures {
  /** Scenario name, e.g. "response lost", "server killed". */
  readonly scenario: string;
  readonly engine: 'sqlite' | 'postgres' | 'none';
  readonly seed: number;
  readonly durationS: number;
  readonly devices: number;
  /** Sales the devices committed locally. */
  readonly salesMade: number;
  /** Sales recorded on a device but missing on the server (or vice versa) at the end. */
  readonly salesLost: number;
  /** Sale ids the server holds more than once, or whose stock effect was applied more than once. */
  readonly salesDuplicated: number;
  /** Feed changes a device never received although the server has them. */
  readonly skippedChanges: number;
  /** Rows of another branch a device saw. */
  readonly crossBranchLeaks: number;
  /** Faults injected, by kind (e.g. { "response dropped": 41, "kill -9": 3 }). */
  readonly faults: Readonly<Record<string, number>>;
  /** Anything else worth a line in the report (e.g. "503 answers": 12). */
  readonly extra?: Readonly<Record<string, number | string>>;
}

/**
 * Appends the figures as one JSON line to the file named by KASIR_FAULT_REPORT, when set (the long
 * run sets it); otherwise does nothing, so the short CI run writes no files.
 */
export function reportFigures(figures: FaultFigures, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.KASIR_FAULT_REPORT;
  if (file === undefined || file === '') return;
  appendFileSync(file, `${JSON.stringify({ ...figures, at: new Date().toISOString() })}\n`);
}

/** The figures of a scenario that asserted, before reporting, that nothing was lost, doubled, skipped or leaked. */
export type CleanRunFigures = Omit<
  FaultFigures,
  'salesLost' | 'salesDuplicated' | 'skippedChanges' | 'crossBranchLeaks'
>;

/** `reportFigures` for a scenario whose checks passed: its losses, duplicates, skips and leaks are 0. */
export function reportCleanRun(figures: CleanRunFigures, env: NodeJS.ProcessEnv = process.env): void {
  reportFigures(
    { ...figures, salesLost: 0, salesDuplicated: 0, skippedChanges: 0, crossBranchLeaks: 0 },
    env,
  );
}

/** A latency summary in milliseconds. */
export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/**
 * How one class of hostile input was answered (the report's abuse section). The server's contract
 * suites write the same lines (apps/server/src/test/abuse-report.ts).
 */
export interface AbuseLine {
  readonly engine: string;
  readonly inputClass: string;
  readonly tried: number;
  /** HTTP status (or a label) -> how many answers had it. */
  readonly answers: Readonly<Record<string, number>>;
  /** Another branch's sale latency while this input was being sent (issue 17). */
  readonly saleLatencyMs?: Latency;
}

/** Appends one abuse line to KASIR_FAULT_REPORT when the long run sets it; a no-op otherwise. */
export function reportAbuse(line: AbuseLine, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.KASIR_FAULT_REPORT;
  if (file === undefined || file === '') return;
  appendFileSync(file, `${JSON.stringify({ kind: 'abuse', ...line, at: new Date().toISOString() })}\n`);
}
