/** A product as a sale needs it. */
export interface PricedProduct {
  readonly id: string;
  readonly price: number;
}

/** What a cashier device records: the shape of `SyncClient.recordSale`'s draft. */
export interface CashSaleDraft {
  readonly lines: { productId: string; quantity: number; unitPrice: number }[];
  readonly payments: { method: 'cash'; amount: number }[];
}

/**
 * A random cash sale, paid exactly: 1-3 distinct products of `products` at their price, 1-3 units
 * each, chosen by `random` (seed it so a failing run replays).
 */
export function randomSaleDraft(products: readonly PricedProduct[], random: () => number): CashSaleDraft {
  const picked = Array.from(
    { length: 1 + Math.floor(random() * 3) },
    () => products[Math.floor(random() * products.length)]!,
  );
  const lines = [...new Map(picked.map((p) => [p.id, p])).values()].map((p) => ({
    productId: p.id,
    quantity: 1 + Math.floor(random() * 3),
    unitPrice: p.price,
  }));
  const total = lines.reduce((a, l) => a + l.quantity * l.unitPrice, 0);
  return { lines, payments: [{ method: 'cash', amount: total }] };
}
