/** Summary of a sample of durations (ms) or rates. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p95: number;
  readonly max: number;
  readonly min: number;
  readonly mean: number;
}

export function summarize(xs: readonly number[]): Summary {
  if (xs.length === 0) return { n: 0, median: NaN, p95: NaN, max: NaN, min: NaN, mean: NaN };
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return {
    n: s.length,
    median: at(0.5),
    p95: at(0.95),
    max: s[s.length - 1]!,
    min: s[0]!,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
  };
}

/** Milliseconds since an arbitrary origin, high resolution. */
export const nowMs = (): number => performance.now();

export async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = nowMs();
  const value = await f();
  return { ms: nowMs() - t0, value };
}

export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
