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

/** Replaces one line's quantity or cost; a quantity below 1 removes the line. */
export function editLine(
  lines: readonly DraftLine[],
  productId: string,
  patch: Partial<Pick<DraftLine, 'quantity' | 'unitCost'>>,
): DraftLine[] {
  return lines
    .map((l) => (l.productId === productId ? { ...l, ...patch } : l))
    .filter((l) => l.quantity >= 1);
}

/** The lines as the `stock.receive` payload wants them. */
export const payloadLines = (lines: readonly DraftLine[]): ReceiveLine[] =>
  lines.map(({ productId, quantity, unitCost }) => ({ productId, quantity, unitCost }));
