import type { LocalSale } from '@kasir/sync';
import { startTransition, useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { whenIdle } from '../common/when-idle.ts';
import { fixtureSale } from './receipt-fixture.ts';
import { ReceiptScreen, type ReceiptScreenProps } from './receipt-screen.tsx';

/**
 * The sale the warm-up renders: the receipt tests' sale (every part a receipt shows: PPN groups,
 * an exempt line, discounts, a card and cash with rounding), under a number of its own and with a
 * customer. Never stored, sent or printed.
 */
export const WARM_UP_RECEIPT_SALE: LocalSale = {
  ...fixtureSale,
  invoiceNumber: 'WARM-UP',
  input: {
    ...fixtureSale.input,
    invoiceNumber: 'WARM-UP',
    customerId: '00000000-0000-7000-8000-00000000000b',
  },
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
