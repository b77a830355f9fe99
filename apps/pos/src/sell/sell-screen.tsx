import { formatRupiah, type PaymentInput } from '@kasir/protocol';
import type { LocalSale, ProductView, SyncClient } from '@kasir/sync';
import { useCallback, useMemo, useRef, useState } from 'react';
import { CartPanel, type CartPanelProps } from '../cart/cart-panel.tsx';
import type { LineCatalogState } from '../cart/cart-line-row.tsx';
import { itemCount } from '../cart/cart-reducer.ts';
import { cartTotals } from '../cart/cart-totals.ts';
import { useT } from '@kasir/ui';
import { errorText } from '../common/error-text.tsx';
import type { Notify } from '../sync-status/use-snackbars.ts';
import type { BranchPaymentSettings } from '../settings/branch-payment-settings.ts';
import { PaymentPanel } from './payment-panel.tsx';
import type { CheckQris } from './qris-confirmation.ts';
import { ProductPanel } from './product-panel.tsx';
import { saleDraftOf } from './sale-draft.ts';
import { useBarcodeWedge } from './use-barcode-wedge.ts';
import { useStaff } from '../staff/staff-context.tsx';
import { cashRoundingFor } from '../settings/branch-payment-settings.ts';
import { approveSale } from '../staff/approve-sale.ts';

/** The cart's part is the cart panel's: the screen hands it on. */
export interface SellScreenProps extends Pick<
  CartPanelProps,
  'cart' | 'dispatch' | 'held' | 'onHold' | 'onResume' | 'tax' | 'quantityLimit' | 'unusualTotal'
> {
  readonly client: SyncClient;
  readonly catalogVersion: number;
  readonly cashierName: string;
  /** Payment methods, references, merchant QRIS and cash rounding of the branch (issue 14). */
  readonly branch: BranchPaymentSettings;
  /** Asks for an acquirer's confirmation of a QRIS payment. */
  readonly checkQris?: CheckQris | undefined;
  readonly notify: Notify;
  /** Whether a sync has completed (an empty catalog then means the shop has no products yet). */
  readonly synced: boolean;
  /** Whether the tiles ask for their pictures (ProductTile's `pictures`). */
  readonly pictures: boolean;
  /** The paired server's URL: product pictures come from it. */
  readonly serverUrl: string;
  /** The sale is committed locally (S1): show its receipt. */
  readonly onSold: (sale: LocalSale) => void;
  /** The drawer's open shift: a sale's cash goes into it (issue 13). */
  readonly shiftId?: string | undefined;
  /** The customer the sale is for (issue 13). */
  readonly customerId?: string | undefined;
}

/**
 * Products on the left, the cart or the payment on the right; a scanner works anywhere, even with
 * the cursor in the quantity or discount box. On a phone the cart is a sheet behind a sticky bar
 * (items, total, pay) at the bottom of the screen.
 */
/** How long recording a sale may take before the complete button shows it is busy. */
const BUSY_AFTER_MS = 150;

export function SellScreen(props: SellScreenProps) {
  const { client, cart, dispatch, notify } = props;
  const { t } = useT();
  const [paying, setPaying] = useState(false);
  // The branch's PPN and payment rules as they were when "Bayar" was pressed: a change synced in
  // while paying (the PKP box, the price mode, cash rounding) must not move the amount due under
  // the payments already entered. Back in the cart the branch's rules apply again.
  const [frozen, setFrozen] = useState<Pick<SellScreenProps, 'tax' | 'branch'> | null>(null);
  const tax = paying && frozen !== null ? frozen.tax : props.tax;
  const branch = paying && frozen !== null ? frozen.branch : props.branch;
  const [sheet, setSheet] = useState(false);
  const [payments, setPayments] = useState<readonly PaymentInput[]>([]);
  const [busy, setBusy] = useState(false);
  // A second tap while a sale is being recorded must not record it twice.
  const recording = useRef(false);
  const totals = useMemo(() => cartTotals(cart, tax), [cart, tax]);
  const staff = useStaff();

  const add = useCallback(
    (p: ProductView) => {
      dispatch({
        type: 'add',
        product: { productId: p.id, name: p.name, sku: p.sku, unitPrice: p.price, taxRate: p.taxRate },
      });
    },
    [dispatch],
  );
  const unknown = useCallback(
    (code: string) => notify('error', t('sell.unknownBarcode', { code })),
    [notify, t],
  );

  const root = useRef<HTMLDivElement>(null);
  useBarcodeWedge(
    true,
    (code) => {
      // The amount due is on screen while paying: a scan must not change it behind the cashier's back.
      if (paying) {
        notify('error', t('till.scan.whilePaying'));
        return;
      }
      const p = client.catalog.byBarcode(code);
      if (p) add(p);
      else unknown(code);
    },
    root,
  );

  // The catalog's price and stock now for each line (item 4): recomputed when the catalog moves.
  const lineStates = useMemo(() => {
    const m = new Map<string, LineCatalogState>();
    if (props.catalogVersion < 0) return m;
    for (const l of cart.lines) {
      const p = client.catalog.get(l.productId);
      if (p) m.set(l.productId, { price: p.price, onHand: p.onHand });
    }
    return m;
  }, [client, cart.lines, props.catalogVersion]);

  const complete = async (rounding: number): Promise<void> => {
    if (recording.current) return;
    recording.current = true;
    // The button turns busy only if recording is slow: re-rendering at the tap would put a layout
    // and a paint between the tap and the sale's IndexedDB commit, whose results reach the page
    // only when its main thread is free (B6 measured 10-20 ms of that per sale).
    const slow = setTimeout(() => setBusy(true), BUSY_AFTER_MS);
    try {
      // A big discount or a changed price needs the right, or a supervisor's PIN (issue 13).
      const approval = await approveSale(
        staff,
        cart,
        (id) => client.catalog.get(id)?.price,
        branch.discountApprovalPercent,
      );
      if (approval === null) return;
      const draft = saleDraftOf(cart, payments, tax, props.cashierName, approval.approval);
      const r = await client.recordSale(
        {
          ...draft,
          ...(rounding === 0 ? {} : { rounding }),
          ...(props.shiftId === undefined ? {} : { shiftId: props.shiftId }),
          ...(props.customerId === undefined ? {} : { customerId: props.customerId }),
        },
        cart.id === undefined ? {} : { id: cart.id },
      );
      // Not recorded (`storage`: the device's write failed and kept nothing): the cart and payment
      // stay on screen for another try.
      if (!r.ok) {
        console.warn('sale not recorded', r.code, r.message);
        notify('error', errorText(t, r.code));
        return;
      }
      // A cart already sold (restored after a crash, use-persisted-cart.ts): its first receipt shows,
      // nothing is recorded again.
      if (r.duplicate) notify('info', t('cart.alreadySold', { invoice: r.value.invoiceNumber }));
      else approval.recorded(r.value.invoiceNumber, r.value.total);
      // Rendered in one pass with the status the commit moved (use-sync.ts): the cart cleared and
      // the receipt in place of the sell screen.
      dispatch({ type: 'voidCart' });
      setPayments([]);
      setPaying(false);
      setSheet(false);
      props.onSold(r.value);
    } finally {
      clearTimeout(slow);
      recording.current = false;
      setBusy(false);
    }
  };
  // The branch wants every sale in a drawer's report (`requireShift`): no payment without a shift.
  const shiftMissing = props.branch.requireShift && props.shiftId === undefined;
  const startPaying = (): void => {
    if (shiftMissing) {
      notify('error', t('drawer.shiftRequired'));
      return;
    }
    setPayments([]);
    setFrozen({ tax: props.tax, branch: props.branch });
    setPaying(true);
    setSheet(true);
  };

  const empty = cart.lines.length === 0;
  return (
    <div className={sheet ? 'sell sell--sheet' : 'sell'} data-testid="sell-screen" ref={root}>
      <ProductPanel
        client={client}
        catalogVersion={props.catalogVersion}
        onAdd={add}
        onUnknownCode={unknown}
        locked={paying}
        synced={props.synced}
        pictures={props.pictures}
        imageBase={props.serverUrl}
      />
      {paying && totals.ok && cart.lines.length > 0 ? (
        <PaymentPanel
          cart={cart}
          total={totals.totals.total}
          payments={payments}
          branch={branch}
          checkQris={props.checkQris}
          onPaymentsChange={setPayments}
          onBack={() => setPaying(false)}
          onComplete={(extra) => void complete(extra.rounding)}
          busy={busy}
        />
      ) : (
        <CartPanel
          cart={cart}
          totals={totals}
          tax={tax}
          cashTotal={
            totals.ok ? totals.totals.total + cashRoundingFor(props.branch, totals.totals.total) : undefined
          }
          dispatch={dispatch}
          held={props.held}
          onHold={props.onHold}
          onResume={props.onResume}
          quantityLimit={props.quantityLimit}
          unusualTotal={props.unusualTotal}
          lineStates={lineStates}
          onClose={() => setSheet(false)}
          onPay={startPaying}
        />
      )}
      <div className="cartbar" data-testid="cartbar">
        <button
          type="button"
          className="cartbar__summary"
          data-testid="cartbar-open"
          onClick={() => setSheet(true)}
        >
          <span data-testid="cartbar-summary">
            {t('till.phone.cartBar', {
              count: itemCount(cart),
              amount: totals.ok ? formatRupiah(totals.totals.total) : '—',
            })}
          </span>
          {/* Held carts live in the cart sheet: the bar says there are some, or a phone hides them. */}
          <small data-testid="cartbar-held">
            {props.held.length > 0
              ? t('till.phone.openCartHeld', { count: props.held.length })
              : t('till.phone.openCart')}
          </small>
        </button>
        <button
          type="button"
          className="primary cartbar__pay"
          data-testid="cartbar-pay"
          disabled={empty || !totals.ok}
          onClick={() => {
            // The cart sheet asks about an unusual total on its own pay button: open it there.
            if (props.unusualTotal > 0 && totals.ok && totals.totals.total > props.unusualTotal)
              setSheet(true);
            else startPaying();
          }}
        >
          {t('cart.pay', { amount: '' }).trim()}
        </button>
      </div>
    </div>
  );
}
