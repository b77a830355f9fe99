import type { LocalSale } from '@kasir/sync';
import { startTransition, useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { whenIdle } from '../shared/when-idle.ts';
import { ReceiptScreen, type ReceiptScreenProps } from './receipt-screen.tsx';

/**
 * The sale the warm-up renders: lines with and without PPN and a discount, cash and a card, a
 * customer, so the receipt's code runs through every part a real sale's receipt shows. Never
 * stored, sent or printed.
 */
export const WARM_UP_RECEIPT_SALE: LocalSale = {
  id: '00000000-0000-7000-8000-00000000000a',
  invoiceNumber: 'WARM-UP',
  createdAt: '2026-01-01T00:00:00.000Z',
  total: 30_000,
  itemCount: 3,
  input: {
    id: '00000000-0000-7000-8000-00000000000a',
    invoiceNumber: 'WARM-UP',
    createdAt: '2026-01-01T00:00:00.000Z',
    lines: [
      { productId: 'warm-up-1', quantity: 2, unitPrice: 10_000, discount: 1_000, taxRate: 11 },
      { productId: 'warm-up-2', quantity: 1, unitPrice: 11_000, taxRate: 0 },
    ],
    payments: [
      { method: 'card', amount: 10_000, reference: 'W', approvalCode: 'W1', cardLast4: '0000' },
      { method: 'cash', amount: 20_000 },
    ],
    discount: 0,
    rounding: 0,
    total: 30_000,
    cashierName: 'W',
    customerId: '00000000-0000-7000-8000-00000000000b',
  },
  sync: { kind: 'pending' },
};

/** The performance mark set once the warm-up's receipt was mounted. */
export const RECEIPT_WARMED_UP = 'kasir:receipt-warmed-up';

/** What the warm-up needs of the receipt screen: everything but the sale and what follows it. */
export type ReceiptWarmUpProps = Omit<
  ReceiptScreenProps,
  'sale' | 'syncVersion' | 'customerName' | 'justSold' | 'onDone' | 'doneLabel'
>;

/**
 * Renders the receipt screen once for WARM_UP_RECEIPT_SALE into an element outside the page, in
 * the first idle moment after the till starts, and removes it at once. The first receipt after a
 * page load otherwise runs the receipt's code for the first time between the cashier's tap and the
 * receipt on screen (its compilation, the date formatter's set-up): B6 measured the first sale
 * after a start 3-5 ms slower than the ones after it.
 *
 * Invariant: nothing of it reaches the page, the printer or the store. It is not `justSold` (no
 * print) and names its customer (no customer read); the only read is the branch's refunds of its
 * id, which no sale's commit waits for.
 */
export function ReceiptWarmUp(props: ReceiptWarmUpProps) {
  const [phase, setPhase] = useState<'waiting' | 'rendering' | 'done'>('waiting');
  const outside = useMemo(() => document.createElement('div'), []);
  useEffect(() => {
    if (phase === 'rendering') {
      // Mounted and its effects ran: unmount (that code runs after every sale too). The mark tells
      // a profile (and the e2e test) that it ran.
      performance.mark(RECEIPT_WARMED_UP);
      setPhase('done');
      return;
    }
    if (phase !== 'waiting') return;
    // A transition: React renders it in slices and lets a tap that comes meanwhile go first.
    return whenIdle(() => startTransition(() => setPhase('rendering')), 5_000, 1_000);
  }, [phase]);
  if (phase !== 'rendering') return null;
  return createPortal(
    <ReceiptScreen
      {...props}
      sale={WARM_UP_RECEIPT_SALE}
      syncVersion={0}
      customerName="W"
      justSold={false}
      doneLabel="newSale"
      onDone={() => undefined}
    />,
    outside,
  );
}
