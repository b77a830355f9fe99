import { appendFileSync } from 'node:fs';

/** How one class of hostile input was answered, for docs/reliability.md (`npm run test:faults`). */
export interface AbuseFigures {
  readonly engine: 'sqlite' | 'postgres';
  /** e.g. "authorization", "fuzz: wrong type", "10 MB body". */
  readonly inputClass: string;
  readonly tried: number;
  /** HTTP status (or a label) -> how many answers had it. */
  readonly answers: Readonly<Record<string, number>>;
}

/** Appends one JSON line to KASIR_FAULT_REPORT when the long run sets it; a no-op otherwise. */
export function reportAbuse(figures: AbuseFigures, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.KASIR_FAULT_REPORT;
  if (file === undefined || file === '') return;
  appendFileSync(file, `${JSON.stringify({ kind: 'abuse', ...figures, at: new Date().toISOString() })}\n`);
}

/** Counts a status into an answers tally. */
export function tally(answers: Record<string, number>, status: number | string): void {
  answers[String(status)] = (answers[String(status)] ?? 0) + 1;
}
