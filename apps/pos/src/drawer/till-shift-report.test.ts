import type { LocalSale } from '@kasir/sync';
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../common/key-value-storage.ts';
import { loadDrawer, saveDrawer, type DrawerState } from './drawer-store.ts';
import { tillShiftReport } from './till-shift-report.ts';

const shift = { shiftId: 'shift-1', openedAt: '2026-12-02T01:00:00.000Z', float: 100_000 };
const sale = (
  id: string,
  shiftId: string | undefined,
  payments: LocalSale['input']['payments'],
  total: number,
) =>
  ({
    id,
    invoiceNumber: id,
    createdAt: shift.openedAt,
    total,
    itemCount: 1,
    input: {
      id,
      invoiceNumber: id,
      createdAt: shift.openedAt,
      lines: [{ productId: 'p', quantity: 1, unitPrice: total }],
      payments,
      ...(shiftId === undefined ? {} : { shiftId }),
    },
    sync: { kind: 'synced' },
  }) as LocalSale;

describe("the till's X/Z report", () => {
  const drawer: DrawerState = {
    shiftsUsed: true,
    open: shift,
    moves: [
      { id: 'm1', kind: 'in', amount: 20_000, reason: 'uang kecil', at: shift.openedAt },
      { id: 'm2', kind: 'out', amount: 7_000, reason: 'galon', at: shift.openedAt },
    ],
    refunds: [
      {
        id: 'r1',
        saleId: 's1',
        createdAt: shift.openedAt,
        reason: 'return',
        method: 'cash',
        lines: [],
        shiftId: 'shift-1',
        staffId: null,
        invoiceNumber: 's1',
        total: 4_000,
      },
      {
        id: 'r2',
        saleId: 's2',
        createdAt: shift.openedAt,
        reason: 'return',
        method: 'original',
        lines: [],
        shiftId: 'shift-1',
        staffId: null,
        invoiceNumber: 's2',
        total: 9_000,
        paidWith: ['qris'],
      },
    ],
  };
  const sales = [
    sale('s1', 'shift-1', [{ method: 'cash', amount: 50_000 }], 12_000),
    sale('s2', 'shift-1', [{ method: 'qris', amount: 9_000 }], 9_000),
    sale('s3', undefined, [{ method: 'cash', amount: 5_000 }], 5_000),
  ];
  const device = { branchId: 'b', deviceId: 'd', deviceName: 'Kasir 1' };

  it('expected cash = float + cash sales - cash refunds + cash in - cash out, from this shift only', () => {
    const r = tillShiftReport({
      shift,
      drawer,
      sales,
      device,
      counted: 120_000,
      closedAt: '2026-12-02T09:00:00.000Z',
    });
    expect(r).toMatchObject({ cashSales: 12_000, cashRefunds: 4_000, cashIn: 20_000, cashOut: 7_000 });
    expect(r.expected).toBe(121_000);
    expect(r.difference).toBe(-1_000);
    expect(r).toMatchObject({ salesCount: 2, salesTotal: 21_000, refundsCount: 2, refundsTotal: 13_000 });
    // The QRIS sale is there to reconcile with the provider's report; the other shift's cash is not.
    expect(r.payments).toEqual([
      { method: 'cash', count: 1, amount: 12_000 },
      { method: 'qris', count: 1, amount: 9_000 },
    ]);
    // The QRIS sale's refund went back through QRIS: off the provider's settlement, not the drawer.
    expect(r.refundsVia).toEqual([{ method: 'qris', amount: 9_000 }]);
  });

  it('the drawer survives a reload of the app', () => {
    const storage = memoryStorage();
    expect(loadDrawer(storage)).toEqual({ open: null, moves: [], refunds: [], shiftsUsed: false });
    saveDrawer(storage, drawer);
    expect(loadDrawer(storage)).toEqual(drawer);
  });

  it('a drawer saved before the shifts flag existed works with shifts when it has one open', () => {
    const storage = memoryStorage();
    const { shiftsUsed: _used, ...old } = drawer;
    storage.setItem('kasir.drawer.v1', JSON.stringify(old));
    expect(loadDrawer(storage).shiftsUsed).toBe(true);
    storage.setItem('kasir.drawer.v1', JSON.stringify({ ...old, open: null }));
    expect(loadDrawer(storage).shiftsUsed).toBe(false);
  });
});
