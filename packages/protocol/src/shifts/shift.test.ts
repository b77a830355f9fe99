import { describe, expect, it } from 'vitest';
import { newId } from '../ids.ts';
import { expectedCash, saleCashNet } from './expected-cash.ts';
import type { PaymentMethod } from '../sales/sale-input.ts';
import { CashCount } from './shift.ts';
import {
  originalRefundMethod,
  paymentsByMethod,
  refundsByMethod,
  refundsViaMethod,
} from './shift-payments.ts';
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

const METHODS: Partial<Record<PaymentMethod, string>> = { cash: 'Tunai', qris: 'QRIS', card: 'Kartu (EDC)' };
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
  method: (m) => METHODS[m] ?? m,
  refundVia: (m) => `Refund via ${METHODS[m] ?? m}`,
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
    payments: [
      { method: 'cash', count: 2, amount: 64_000 },
      { method: 'qris', count: 1, amount: 26_000 },
    ],
    refundsVia: [],
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
    expect(lines.find((l) => l.startsWith('Refund tunai'))).toMatch(/ -Rp 8\.000$/);
    // Nothing taken out reads Rp 0, without a minus.
    expect(lines.find((l) => l.startsWith('Kas masuk'))).toMatch(/ Rp 0$/);
    expect(lines.find((l) => l.startsWith('Kas keluar'))).toMatch(/ -Rp 10\.000$/);
    expect(
      shiftReportLines({ ...report, cashOut: 0 }, width, labels).find((l) => l.startsWith('Kas keluar')),
    ).toMatch(/ Rp 0$/);
    expect(lines.find((l) => l.startsWith('QRIS'))).toMatch(/1 \/ Rp 26\.000$/);
    expect(lines.find((l) => l.startsWith('Tunai'))).toMatch(/2 \/ Rp 64\.000$/);
    // Every refund of this report came from the drawer: no line for the sale's own method.
    expect(lines.some((l) => l.startsWith('Refund via'))).toBe(false);
  });

  it("names the method refunds went back by when not from the drawer, to take off that provider's settlement", () => {
    const lines = shiftReportLines(
      { ...report, refundsCount: 2, refundsTotal: 20_000, refundsVia: [{ method: 'qris', amount: 12_000 }] },
      32,
      labels,
    );
    expect(lines.find((l) => l.startsWith('Refund via QRIS'))).toMatch(/ -Rp 12\.000$/);
  });
});

describe('refunds through the original method', () => {
  it("go back by the sale's first non-cash method, or cash for a cash sale; drawer refunds are not among them", () => {
    expect(originalRefundMethod(['cash', 'qris'])).toBe('qris');
    expect(originalRefundMethod(['card', 'qris'])).toBe('qris');
    expect(originalRefundMethod(['cash'])).toBe('cash');
    expect(originalRefundMethod([])).toBe('cash');
    expect(
      refundsViaMethod([
        { method: 'original', total: 78_000, saleMethods: ['qris'] },
        { method: 'original', total: 2_000, saleMethods: ['cash', 'qris'] },
        { method: 'cash', total: 5_000, saleMethods: ['qris'] },
        { method: 'original', total: 9_000, saleMethods: ['card'] },
      ]),
    ).toEqual([
      { method: 'qris', amount: 80_000 },
      { method: 'card', amount: 9_000 },
    ]);
  });

  it("every refund by the method it went back by: the drawer's and a cash sale's as cash", () => {
    expect(
      refundsByMethod([
        { method: 'original', total: 78_000, saleMethods: ['qris'] },
        { method: 'cash', total: 5_000, saleMethods: ['qris'] },
        { method: 'original', total: 3_000, saleMethods: ['cash'] },
      ]),
    ).toEqual([
      { method: 'cash', amount: 8_000 },
      { method: 'qris', amount: 78_000 },
    ]);
  });
});

describe('payments by method', () => {
  it('counts each method once per sale, cash net of change, in the order methods are offered', () => {
    expect(
      paymentsByMethod([
        { total: 42_000, payments: [{ method: 'card', amount: 42_000 }] },
        {
          total: 42_000,
          payments: [
            { method: 'qris', amount: 10_000 },
            { method: 'cash', amount: 50_000 },
          ],
        },
        { total: 7_500, payments: [{ method: 'cash', amount: 10_000 }] },
        {
          total: 30_000,
          payments: [
            { method: 'card', amount: 10_000 },
            { method: 'card', amount: 20_000 },
          ],
        },
      ]),
    ).toEqual([
      { method: 'cash', count: 2, amount: 32_000 + 7_500 },
      { method: 'qris', count: 1, amount: 10_000 },
      { method: 'card', count: 2, amount: 72_000 },
    ]);
    expect(paymentsByMethod([])).toEqual([]);
  });
});
