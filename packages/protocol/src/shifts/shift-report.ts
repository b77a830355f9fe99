import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { formatRupiah } from '../money/format-rupiah.ts';
import { expectedCash, type DrawerMovements } from './expected-cash.ts';
import type { PaymentMethod } from '../sales/sale-input.ts';
import { ShiftFlag } from './shift.ts';
import { ShiftPayment, ShiftRefundVia } from './shift-payments.ts';

/**
 * An X report (shift still open: `closedAt` null) or Z report (closed) of one till's shift: what
 * the drawer should hold, from its ledgers, and what was counted.
 */
export const ShiftReport = z.object({
  shiftId: Uuid,
  branchId: Uuid,
  deviceId: Uuid,
  deviceName: z.string(),
  staffId: Uuid.nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  businessDay: z.string(),
  float: z.number().int(),
  cashSales: z.number().int(),
  cashRefunds: z.number().int(),
  cashIn: z.number().int(),
  cashOut: z.number().int(),
  expected: z.number().int(),
  counted: z.number().int().nullable(),
  /** counted - expected: negative when cash is missing. */
  difference: z.number().int().nullable(),
  salesCount: z.number().int(),
  salesTotal: z.number().int(),
  refundsCount: z.number().int(),
  refundsTotal: z.number().int(),
  /** The sales' money per payment method (`paymentsByMethod`), to reconcile with EDC and QRIS settlements. */
  payments: z.array(ShiftPayment),
  /** Refunds given back through the sales' own methods, per method (`refundsViaMethod`). */
  refundsVia: z.array(ShiftRefundVia),
  unsyncedAtClose: z.number().int().nullable(),
  overrideBy: Uuid.nullable(),
  flags: z.array(ShiftFlag),
});
export type ShiftReport = z.infer<typeof ShiftReport>;

/** The expected cash and difference of a report from its movements and count. */
export function reportTotals(
  m: DrawerMovements,
  counted: number | null,
): { expected: number; difference: number | null } {
  const expected = expectedCash(m);
  return { expected, difference: counted === null ? null : counted - expected };
}

/** Labels of the receipt text, in the till's language. */
export interface ShiftReportLabels {
  readonly title: (closed: boolean) => string;
  readonly opened: string;
  readonly closed: string;
  readonly float: string;
  readonly cashSales: string;
  readonly cashRefunds: string;
  readonly cashIn: string;
  readonly cashOut: string;
  readonly expected: string;
  readonly counted: string;
  readonly difference: string;
  readonly sales: string;
  readonly refunds: string;
  /** A payment method's name. */
  readonly method: (method: PaymentMethod) => string;
  /** A refund given back through the sale's own method (not from the drawer), by that method. */
  readonly refundVia: (method: PaymentMethod) => string;
  /** An instant as the till shows it (its own time zone); ISO `YYYY-MM-DD HH:MM` UTC when left out. */
  readonly time?: (iso: string) => string;
}

/**
 * The report as receipt text, `width` characters a line (32 for 58 mm paper, 48 for 80 mm): one
 * model printed by whatever renderer the till has.
 */
export function shiftReportLines(r: ShiftReport, width: number, l: ShiftReportLabels): string[] {
  const row = (label: string, value: string): string => {
    // A pair too long for the paper keeps one space rather than being cut: the printer wraps it.
    const space = Math.max(1, width - label.length - value.length);
    return `${label}${' '.repeat(space)}${value}`;
  };
  const rule = '-'.repeat(width);
  // Money out of the drawer reads with a minus; nothing out reads "Rp 0", not "-Rp 0".
  const out = (amount: number): string => (amount > 0 ? `-${formatRupiah(amount)}` : formatRupiah(0));
  const time = l.time ?? ((iso: string) => iso.slice(0, 16).replace('T', ' '));
  const title = l.title(r.closedAt !== null);
  const pad = Math.max(0, Math.floor((width - title.length) / 2));
  const lines = [`${' '.repeat(pad)}${title}`, row('', r.deviceName), row(l.opened, time(r.openedAt))];
  if (r.closedAt !== null) lines.push(row(l.closed, time(r.closedAt)));
  lines.push(
    rule,
    row(l.sales, `${r.salesCount} / ${formatRupiah(r.salesTotal)}`),
    row(l.refunds, `${r.refundsCount} / ${formatRupiah(r.refundsTotal)}`),
  );
  if (r.payments.length > 0) {
    lines.push(
      rule,
      ...r.payments.map((p) => row(l.method(p.method), `${p.count} / ${formatRupiah(p.amount)}`)),
    );
  }
  for (const v of r.refundsVia) lines.push(row(l.refundVia(v.method), out(v.amount)));
  lines.push(
    rule,
    row(l.float, formatRupiah(r.float)),
    row(l.cashSales, formatRupiah(r.cashSales)),
    row(l.cashRefunds, out(r.cashRefunds)),
    row(l.cashIn, formatRupiah(r.cashIn)),
    row(l.cashOut, out(r.cashOut)),
    rule,
    row(l.expected, formatRupiah(r.expected)),
  );
  if (r.counted !== null) lines.push(row(l.counted, formatRupiah(r.counted)));
  if (r.difference !== null) lines.push(row(l.difference, formatRupiah(r.difference)));
  return lines;
}
