import { describe, expect, it } from 'vitest';
import { newId } from '../ids.ts';
import { expectedCash, saleCashNet } from './expected-cash.ts';
import { CashCount } from './shift.ts';
import { reportTotals, shiftReportLines, type ShiftReport, type ShiftReportLabels } from './shift-report.ts';

describe('drawer cash', () => {
  it('expected = float + cash sales - cash refunds + cash in - cash out', () => {
    expect(
      expectedCash({
        float: 200_000,
        cashSales: 150_000,
        cashRefunds: 20_000,
        cashIn: 50_000,
        cashOut: 30_000,
      }),
    ).toBe(350_000);
  });

  it('a sale leaves its cash minus the change; change comes from cash even beside QRIS', () => {
    expect(saleCashNet([{ method: 'cash', amount: 50_000 }], 32_000)).toBe(32_000);
    expect(
      saleCashNet(
        [
          { method: 'qris', amount: 10_000 },
          { method: 'cash', amount: 50_000 },
        ],
        42_000,
      ),
    ).toBe(32_000);
    expect(saleCashNet([{ method: 'card', amount: 42_000 }], 42_000)).toBe(0);
  });

  it('a count per denomination must add up to its total', () => {
    expect(
      CashCount.safeParse({ total: 170_000, denominations: { '100000': 1, '50000': 1, '20000': 1 } }).success,
    ).toBe(true);
    expect(
      CashCount.safeParse({ total: 170_001, denominations: { '100000': 1, '50000': 1, '20000': 1 } }).success,
    ).toBe(false);
  });
});

const labels: ShiftReportLabels = {
  title: (closed) => (closed ? 'LAPORAN Z' : 'LAPORAN X'),
  opened: 'Buka',
  closed: 'Tutup',
  float: 'Modal awal',
  cashSales: 'Penjualan tunai',
  cashRefunds: 'Refund tunai',
  cashIn: 'Kas masuk',
  cashOut: 'Kas keluar',
  expected: 'Seharusnya',
  counted: 'Dihitung',
  difference: 'Selisih',
  sales: 'Penjualan',
  refunds: 'Refund',
};

describe('shift report text', () => {
  const m = { float: 100_000, cashSales: 64_000, cashRefunds: 8_000, cashIn: 0, cashOut: 10_000 };
  const report: ShiftReport = {
    shiftId: newId(),
    branchId: newId(),
    deviceId: newId(),
    deviceName: 'Kasir 1',
    staffId: null,
    openedAt: '2026-12-02T01:00:00.000Z',
    closedAt: '2026-12-02T09:00:00.000Z',
    businessDay: '2026-12-02',
    ...m,
    ...reportTotals(m, 140_000),
    counted: 140_000,
    salesCount: 3,
    salesTotal: 90_000,
    refundsCount: 1,
    refundsTotal: 8_000,
    unsyncedAtClose: 0,
    overrideBy: null,
    flags: [],
  };

  it.each([32, 48])('fits %i columns and shows the difference', (width) => {
    const lines = shiftReportLines(report, width, labels);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
    expect(lines[0]).toContain('LAPORAN Z');
    expect(lines.find((l) => l.startsWith('Seharusnya'))).toMatch(/Rp 146\.000$/);
    expect(lines.find((l) => l.startsWith('Selisih'))).toMatch(/-Rp 6\.000$/);
  });
});
