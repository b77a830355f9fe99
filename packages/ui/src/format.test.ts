import { describe, expect, it } from 'vitest';
import {
  addDays,
  businessDay,
  formatAgo,
  formatDay,
  formatDecimal,
  formatGrouped,
  formatRupiah,
  parseAmount,
} from './format.ts';

describe('formatting shared by the till and the back office', () => {
  it('writes rupiah with Indonesian grouping', () => {
    expect(formatRupiah(1_250_000)).toBe('Rp 1.250.000');
    expect(formatGrouped(12_500)).toBe('12.500');
  });

  it('reads typed amounts as whole rupiah', () => {
    expect(parseAmount('Rp 15.000')).toBe(15_000);
    expect(parseAmount('')).toBe(0);
  });

  it('takes the business day in the branch time zone, not UTC', () => {
    const lateEvening = new Date('2026-03-01T18:30:00Z'); // 01:30 on 2 March in Jakarta
    expect(businessDay(lateEvening, 'Asia/Jakarta')).toBe('2026-03-02');
    expect(businessDay(lateEvening, 'UTC')).toBe('2026-03-01');
  });

  it('moves calendar days across month ends and shows a day without shifting it', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(formatDay('2026-03-01', 'en')).toBe('1 Mar 2026');
  });
});

describe('formatAgo', () => {
  it('says how long ago in the reader language', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(formatAgo('2026-03-01T11:55:00Z', now, 'en')).toBe('5 minutes ago');
    expect(formatAgo('2026-03-01T06:00:00Z', now, 'id')).toBe('6 jam yang lalu');
  });

  it("writes decimals as the reader's language does", () => {
    expect(formatDecimal(10_243.16, 'id', 1)).toBe('10.243,2');
    expect(formatDecimal(10_243.16, 'en', 1)).toBe('10,243.2');
    expect(formatDecimal(3, 'id', 1)).toBe('3,0');
  });
});
