import { newId, type Transfer } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { receiveTransferPayload } from './receive-transfer-lines.ts';

const a = newId();
const b = newId();
const transfer: Transfer = {
  id: newId(),
  fromBranchId: newId(),
  toBranchId: newId(),
  status: 'in_transit',
  note: null,
  lines: [
    { productId: a, sent: 5, received: null, lossReason: null },
    { productId: b, sent: 2, received: null, lossReason: null },
  ],
  flags: [],
  sentAt: '2026-12-02T00:00:00.000Z',
  receivedAt: null,
  cancelledAt: null,
};

describe('receiveTransferPayload', () => {
  it('leaves out lines received in full and gives short lines their reason', () => {
    const typed = new Map([
      [a, { received: 3, lossReason: 'damaged' as const }],
      [b, { received: 2, lossReason: 'missing' as const }],
    ]);
    expect(receiveTransferPayload(transfer, typed)).toEqual({
      transferId: transfer.id,
      lines: [{ productId: a, received: 3, lossReason: 'damaged' }],
    });
  });

  it('receives everything when nothing was typed', () => {
    expect(receiveTransferPayload(transfer, new Map()).lines).toEqual([]);
  });
});
