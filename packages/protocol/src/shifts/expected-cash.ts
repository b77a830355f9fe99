/** The movements of one drawer during a shift, in rupiah (all non-negative). */
export interface DrawerMovements {
  readonly float: number;
  readonly cashSales: number;
  readonly cashRefunds: number;
  readonly cashIn: number;
  readonly cashOut: number;
}

/** Expected cash in the drawer: float + cash sales - cash refunds + cash in - cash out. */
export function expectedCash(m: DrawerMovements): number {
  return m.float + m.cashSales - m.cashRefunds + m.cashIn - m.cashOut;
}

/**
 * The cash a sale left in the drawer: cash paid minus the change given back. Change always comes
 * from cash (sale-totals.ts refuses non-cash overpayment), so this is never negative for a valid sale.
 */
export function saleCashNet(
  payments: readonly {
    /** A payment method (sales/sale-input.ts), as stored. */
    readonly method: string;
    readonly amount: number;
  }[],
  total: number,
): number {
  const paid = payments.reduce((a, p) => a + p.amount, 0);
  const cash = payments.reduce((a, p) => a + (p.method === 'cash' ? p.amount : 0), 0);
  return cash - Math.max(0, paid - total);
}
