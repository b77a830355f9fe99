import type { Transfer, TransferLossReason, TransferReceiveInput } from '@kasir/protocol';

/** What the person typed for one line of a transfer: how many arrived and, if short, why. */
export interface ReceivedLine {
  readonly received: number;
  readonly lossReason: TransferLossReason;
}

/**
 * The `transfer.receive` payload for what arrived. Lines received in full are left out (the server
 * takes a missing line as received in full); a short line carries its loss reason.
 */
export function receiveTransferPayload(
  transfer: Transfer,
  typed: ReadonlyMap<string, ReceivedLine>,
): TransferReceiveInput {
  const lines: TransferReceiveInput['lines'] = [];
  for (const l of transfer.lines) {
    const t = typed.get(l.productId);
    if (t === undefined || t.received >= l.sent) continue;
    lines.push({ productId: l.productId, received: Math.max(0, t.received), lossReason: t.lossReason });
  }
  return { transferId: transfer.id, lines };
}
