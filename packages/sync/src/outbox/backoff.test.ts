import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';

describe('backoffDelay', () => {
  it('S9: the ceiling starts at 1 s, doubles per failure and stops at 30 s', () => {
    const top = (attempt: number): number => backoffDelay(attempt, () => 0.999999);
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(top)).toEqual([999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
  });

  it('S9: full jitter: a delay anywhere from 0 up to the ceiling', () => {
    expect(backoffDelay(3, () => 0)).toBe(0);
    expect(backoffDelay(3, () => 0.5)).toBe(4000);
  });
});
