import { describe, expect, it } from 'vitest';
import { parseProcessSample, processDelta } from './process-metrics.ts';

const page = (gcSum: number, gcCount: number, sales: { le: string; n: number }[]) =>
  [
    '# HELP nodejs_gc_duration_seconds x',
    `nodejs_gc_duration_seconds_sum{kind="minor"} ${gcSum / 2}`,
    `nodejs_gc_duration_seconds_count{kind="minor"} ${gcCount - 1}`,
    `nodejs_gc_duration_seconds_sum{kind="major"} ${gcSum / 2}`,
    `nodejs_gc_duration_seconds_count{kind="major"} 1`,
    'nodejs_eventloop_lag_p99_seconds 0.0201',
    'nodejs_eventloop_lag_max_seconds 0.05',
    ...sales.map(
      (s) =>
        `kasir_http_request_duration_seconds_bucket{le="${s.le}",method="POST",route="/api/sales",status_code="201"} ${s.n}`,
    ),
    'kasir_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/sync/pull",status_code="200"} 99',
  ].join('\n');

describe('process metrics', () => {
  it('reads GC, event loop delay and the sales histogram of one /metrics page', () => {
    const s = parseProcessSample(
      page(0.4, 10, [
        { le: '0.025', n: 7 },
        { le: '+Inf', n: 9 },
      ]),
    );
    expect(s.gcSeconds).toBeCloseTo(0.4);
    expect(s.gcCount).toBe(10);
    expect(s.loopP99Ms).toBeCloseTo(20.1);
    expect(s.loopMaxMs).toBeCloseTo(50);
    expect(s.saleBuckets.get(Infinity)).toBe(9);
  });

  it('gives what happened between two pages', () => {
    const a = parseProcessSample(
      page(0.4, 10, [
        { le: '0.025', n: 7 },
        { le: '+Inf', n: 9 },
      ]),
    );
    const b = parseProcessSample(
      page(0.5, 14, [
        { le: '0.025', n: 27 },
        { le: '+Inf', n: 39 },
      ]),
    );
    const d = processDelta(a, b);
    expect(d.gcMs).toBeCloseTo(100);
    expect(d.gcCount).toBe(4);
    expect(d.sales).toBe(30);
    expect(d.salesOver25Ms).toBe(10);
  });
});
