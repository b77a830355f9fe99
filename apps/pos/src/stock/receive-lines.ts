import type { ReceiveLine } from '@kasir/protocol';

/** A delivery line being typed or scanned on the till. */
export interface DraftLine extends ReceiveLine {
  readonly name: string;
}

/** Adds one of a product (a scan): its line's quantity goes up, or a new line is started. */
export function addOne(lines: readonly DraftLine[], p: { id: string; name: string }): DraftLine[] {
  const i = lines.findIndex((l) => l.productId === p.id);
  if (i < 0) return [...lines, { productId: p.id, name: p.name, quantity: 1, unitCost: 0 }];
  return lines.map((l, k) => (k === i ? { ...l, quantity: l.quantity + 1 } : l));
}

/**
 * Replaces one line's quantity or cost. A quantity below 1 keeps the line: the box is cleared on the
 * way to typing a new number; such a line is left out when saving (payloadLines).
 */
export function editLine(
  lines: readonly DraftLine[],
  productId: string,
  patch: Partial<Pick<DraftLine, 'quantity' | 'unitCost'>>,
): DraftLine[] {
  return lines.map((l) => (l.productId === productId ? { ...l, ...patch } : l));
}

/** Takes a line off the delivery. */
export const removeLine = (lines: readonly DraftLine[], productId: string): DraftLine[] =>
  lines.filter((l) => l.productId !== productId);

/** The lines as the `stock.receive` payload wants them: those with a quantity. */
export const payloadLines = (lines: readonly DraftLine[]): ReceiveLine[] =>
  lines
    .filter((l) => l.quantity >= 1)
    .map(({ productId, quantity, unitCost }) => ({ productId, quantity, unitCost }));

/**
 * Lines saved without a unit cost: the server values them at 0, which pulls the product's moving
 * average cost down (bonus goods from a supplier are free; a cost forgotten is not).
 */
export const withoutCost = (lines: readonly DraftLine[]): DraftLine[] =>
  lines.filter((l) => l.quantity >= 1 && l.unitCost <= 0);
