import {
  paymentsByMethod,
  refundsViaMethod,
  reportTotals,
  saleCashNet,
  type ShiftReport,
} from '@kasir/protocol';
import type { LocalSale } from '@kasir/sync';
import type { DrawerState, OpenShift } from './drawer-store.ts';

/**
 * The X (open) or Z (closed) report of this till's shift from what the till itself recorded: the
 * same figures the back office computes from the server's ledgers once everything synced.
 */
export function tillShiftReport(opts: {
  readonly shift: OpenShift;
  readonly drawer: DrawerState;
  readonly sales: readonly LocalSale[];
  readonly device: { readonly branchId: string; readonly deviceId: string; readonly deviceName: string };
  readonly counted: number | null;
  readonly closedAt: string | null;
}): ShiftReport {
  const { shift, drawer } = opts;
  const sales = opts.sales.filter((s) => s.input.shiftId === shift.shiftId);
  const refunds = drawer.refunds.filter((r) => r.shiftId === shift.shiftId);
  const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);
  const movements = {
    float: shift.float,
    cashSales: sum(sales.map((s) => saleCashNet(s.input.payments, s.total))),
    cashRefunds: sum(refunds.filter((r) => r.method === 'cash').map((r) => r.total)),
    cashIn: sum(drawer.moves.filter((m) => m.kind === 'in').map((m) => m.amount)),
    cashOut: sum(drawer.moves.filter((m) => m.kind === 'out').map((m) => m.amount)),
  };
  return {
    shiftId: shift.shiftId,
    branchId: opts.device.branchId,
    deviceId: opts.device.deviceId,
    deviceName: opts.device.deviceName,
    staffId: null,
    openedAt: shift.openedAt,
    closedAt: opts.closedAt,
    businessDay: shift.openedAt.slice(0, 10),
    ...movements,
    ...reportTotals(movements, opts.counted),
    counted: opts.counted,
    salesCount: sales.length,
    salesTotal: sum(sales.map((s) => s.total)),
    refundsCount: refunds.length,
    refundsTotal: sum(refunds.map((r) => r.total)),
    payments: paymentsByMethod(sales.map((s) => ({ total: s.total, payments: s.input.payments }))),
    refundsVia: refundsViaMethod(
      refunds.map((r) => ({ method: r.method, total: r.total, saleMethods: r.paidWith ?? [] })),
    ),
    unsyncedAtClose: null,
    overrideBy: null,
    flags: [],
  };
}
