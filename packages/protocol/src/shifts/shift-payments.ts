import { z } from 'zod';
import { PaymentMethod } from '../sales/sale-input.ts';
import { saleCashNet } from './expected-cash.ts';

/**
 * What one payment method took in a shift: how many sales used it and the money, cash net of the
 * change given back. The till reconciles the non-cash rows with the EDC's settlement slip and the
 * QRIS or e-wallet provider's report, as it reconciles the cash row with the drawer.
 */
export const ShiftPayment = z.object({
  method: PaymentMethod,
  count: z.number().int(),
  amount: z.number().int(),
});
export type ShiftPayment = z.infer<typeof ShiftPayment>;

/**
 * The sales' money per payment method, in the order the methods are offered (`PaymentMethod`),
 * methods no sale used left out. Cash is `saleCashNet` (so the cash row is the drawer's cash sales);
 * a sale paid with two methods counts once under each.
 */
export function paymentsByMethod(
  sales: readonly {
    readonly total: number;
    readonly payments: readonly { readonly method: string; readonly amount: number }[];
  }[],
): ShiftPayment[] {
  const by = new Map<PaymentMethod, { count: number; amount: number }>();
  for (const s of sales) {
    const used = new Set<PaymentMethod>();
    for (const p of s.payments) {
      const method = PaymentMethod.safeParse(p.method);
      // Methods are checked when a sale is accepted; one the protocol no longer knows is not a drawer's.
      if (!method.success) continue;
      const cur = by.get(method.data) ?? { count: 0, amount: 0 };
      if (!used.has(method.data)) cur.count += 1;
      used.add(method.data);
      if (method.data !== 'cash') cur.amount += p.amount;
      by.set(method.data, cur);
    }
    const cash = by.get('cash');
    if (cash !== undefined && used.has('cash')) cash.amount += saleCashNet(s.payments, s.total);
  }
  return PaymentMethod.options.flatMap((method) => {
    const m = by.get(method);
    return m === undefined ? [] : [{ method, ...m }];
  });
}

/** Money given back by one payment method: through the sales' own method, or from the drawer as cash. */
export const ShiftRefundVia = z.object({ method: PaymentMethod, amount: z.number().int() });
export type ShiftRefundVia = z.infer<typeof ShiftRefundVia>;

/**
 * The method a refund "through the original method" went back by: the sale's first non-cash method
 * in the order methods are offered, or cash for a sale paid in cash alone. Decided from the sale's
 * methods only, so the till (which keeps the methods with its refunds) and the server agree.
 */
export function originalRefundMethod(saleMethods: readonly string[]): PaymentMethod {
  const used = new Set(saleMethods);
  return PaymentMethod.options.find((m) => m !== 'cash' && used.has(m)) ?? 'cash';
}

/**
 * Every refund per method it went back by, in the order methods are offered: from the drawer as
 * cash, through the original method as `originalRefundMethod` says. What a day's takings per
 * method lose (the dashboard), beside `refundsViaMethod`, which leaves the drawer's out.
 */
export function refundsByMethod(
  refunds: readonly {
    readonly method: string;
    readonly total: number;
    readonly saleMethods: readonly string[];
  }[],
): ShiftRefundVia[] {
  const by = new Map<PaymentMethod, number>();
  for (const r of refunds) {
    const m = r.method === 'original' ? originalRefundMethod(r.saleMethods) : 'cash';
    by.set(m, (by.get(m) ?? 0) + r.total);
  }
  return PaymentMethod.options.flatMap((method) => {
    const amount = by.get(method);
    return amount === undefined ? [] : [{ method, amount }];
  });
}

/**
 * The original-method refunds of a shift per method (`originalRefundMethod`), in the order methods
 * are offered: what to take off each provider's settlement. Refunds from the drawer are left out
 * (they are the drawer's cash refunds).
 */
export function refundsViaMethod(
  refunds: readonly {
    readonly method: string;
    readonly total: number;
    readonly saleMethods: readonly string[];
  }[],
): ShiftRefundVia[] {
  return refundsByMethod(refunds.filter((r) => r.method === 'original'));
}
