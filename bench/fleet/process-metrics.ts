/**
 * What the fleet bench reads from each process's own `/metrics` (Prometheus text) before and after
 * a measured phase: its garbage collections, its event loop's delay and how long it took to answer
 * `POST /api/sales` itself (so a slow acknowledgement can be placed inside or outside the process).
 */
export interface ProcessSample {
  /** Sum of nodejs_gc_duration_seconds over kinds (s) and their count. */
  readonly gcSeconds: number;
  readonly gcCount: number;
  /** nodejs_eventloop_lag_p99_seconds: prom-client resets it at every scrape, so it covers the time since the last. */
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  /** Cumulative `POST /api/sales` durations: upper bound (s) -> count at or below it. */
  readonly saleBuckets: ReadonlyMap<number, number>;
}

const value = (text: string, re: RegExp): number[] =>
  [...text.matchAll(re)].map((m) => Number(m[1])).filter((v) => Number.isFinite(v));

/** Parses the parts of a `/metrics` page the bench uses. */
export function parseProcessSample(text: string): ProcessSample {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const saleBuckets = new Map<number, number>();
  for (const m of text.matchAll(/^kasir_http_request_duration_seconds_bucket\{([^}]*)\} (\S+)$/gm)) {
    const labels = m[1]!;
    if (!labels.includes('method="POST"') || !labels.includes('route="/api/sales"')) continue;
    const le = /le="([^"]+)"/.exec(labels)?.[1];
    if (le === undefined) continue;
    const bound = le === '+Inf' ? Infinity : Number(le);
    // Several status labels: add them up per bound.
    saleBuckets.set(bound, (saleBuckets.get(bound) ?? 0) + Number(m[2]));
  }
  return {
    gcSeconds: sum(value(text, /^nodejs_gc_duration_seconds_sum\{[^}]*\} (\S+)$/gm)),
    gcCount: sum(value(text, /^nodejs_gc_duration_seconds_count\{[^}]*\} (\S+)$/gm)),
    loopP99Ms: 1000 * (value(text, /^nodejs_eventloop_lag_p99_seconds (\S+)$/gm)[0] ?? NaN),
    loopMaxMs: 1000 * (value(text, /^nodejs_eventloop_lag_max_seconds (\S+)$/gm)[0] ?? NaN),
    saleBuckets,
  };
}

/** What happened in a process between two samples. */
export interface ProcessDelta {
  readonly gcMs: number;
  readonly gcCount: number;
  /** Event loop delay p99 / max over the phase (from the second sample). */
  readonly loopP99Ms: number;
  readonly loopMaxMs: number;
  /** Sales the process answered in the phase, and of those, how many took longer than 25 ms in it. */
  readonly sales: number;
  readonly salesOver25Ms: number;
}

export function processDelta(a: ProcessSample, b: ProcessSample): ProcessDelta {
  const count = (s: ProcessSample, le: number) => s.saleBuckets.get(le) ?? 0;
  const sales = count(b, Infinity) - count(a, Infinity);
  return {
    gcMs: 1000 * (b.gcSeconds - a.gcSeconds),
    gcCount: b.gcCount - a.gcCount,
    loopP99Ms: b.loopP99Ms,
    loopMaxMs: b.loopMaxMs,
    sales,
    salesOver25Ms: sales - (count(b, 0.025) - count(a, 0.025)),
  };
}

/** Scrapes one process directly (not through the balancer) with the admin token. */
export async function sampleProcess(url: string, adminToken: string): Promise<ProcessSample> {
  const r = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${adminToken}` } });
  if (!r.ok) throw new Error(`GET ${url}/metrics: ${r.status}`);
  return parseProcessSample(await r.text());
}
