import { describe, expect, it } from 'vitest';
import type { LocalSale } from '@kasir/sync';
import { dayRange, mergeNewestFirst } from './sales-history.tsx';

describe('dayRange', () => {
  it('is the local day from midnight to midnight, whatever the time zone', () => {
    const [from, to] = dayRange('2026-12-03');
    const start = new Date(from);
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours()]).toEqual([
      2026, 11, 3, 0,
    ]);
    expect(Date.parse(to) - Date.parse(from)).toBe(86_400_000);
    expect(new Date(to).getDate()).toBe(4);
  });

  it('runs over a month and a year end', () => {
    expect(new Date(dayRange('2026-12-31')[1]).getFullYear()).toBe(2027);
  });
});

describe('mergeNewestFirst', () => {
  const sale = (id: string, createdAt: string) => ({ id, createdAt }) as unknown as LocalSale;
  it("lists the recent sales and a day's older ones once each, newest first", () => {
    const recent = [sale('c', '2026-12-03T10:00:00Z'), sale('b', '2026-12-02T10:00:00Z')];
    const day = [sale('b', '2026-12-02T10:00:00Z'), sale('a', '2026-12-01T10:00:00Z')];
    expect(mergeNewestFirst(recent, day).map((s) => s.id)).toEqual(['c', 'b', 'a']);
    expect(mergeNewestFirst(recent, []).map((s) => s.id)).toEqual(['c', 'b']);
  });
});
