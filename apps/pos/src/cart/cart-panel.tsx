import { formatRupiah, type BranchTax } from '@kasir/protocol';
import { useState } from 'react';
import { useT } from '@kasir/ui';
import { CartLineRow, type LineCatalogState } from './cart-line-row.tsx';
import { itemCount, type Cart, type CartAction } from './cart-reducer.ts';
import type { CartTotals } from './cart-totals.ts';
import type { HeldCart } from './held-carts.ts';
import { TotalsView } from './totals-view.tsx';
import { ConfirmBar } from '../common/confirm-bar.tsx';
import { errorText } from '../common/error-text.tsx';
import { DiscountField } from '../common/discount-field.tsx';

export interface CartPanelProps {
  readonly cart: Cart;
  readonly totals: CartTotals;
  /** The PPN the branch charges (cart-totals.ts). */
  readonly tax: BranchTax;
  /** The total paid in cash after the branch's cash rounding (TotalsView). */
  readonly cashTotal?: number | undefined;
  readonly dispatch: (a: CartAction) => void;
  readonly held: readonly HeldCart[];
  /** Holds the open cart under a label (customer name or table; blank: the time). */
  readonly onHold: (label: string) => void;
  /** Opens a held cart; the open one is held or discarded, as the cashier chose. */
  readonly onResume: (id: string, open: 'hold' | 'discard') => void;
  readonly onPay: () => void;
  /** The branch's limits (shop-wide settings): a bigger quantity or total is asked about first. */
  readonly quantityLimit: number;
  readonly unusualTotal: number;
  /** The catalog's price and stock now, per product in the cart. */
  readonly lineStates: ReadonlyMap<string, LineCatalogState>;
  /** On a phone the cart is a sheet over the products: this closes it. */
  readonly onClose?: () => void;
}

type Asking =
  | null
  | { readonly kind: 'void' }
  | { readonly kind: 'hold' }
  | { readonly kind: 'resume'; readonly id: string }
  | { readonly kind: 'total' };

/** The cart: lines, cart discount, totals, void, hold/resume and the way to payment. */
export function CartPanel(props: CartPanelProps) {
  const { cart, totals, tax, dispatch, held } = props;
  const { t } = useT();
  const [asking, setAsking] = useState<Asking>(null);
  const [holdLabel, setHoldLabel] = useState('');
  const [showHeld, setShowHeld] = useState(false);
  const empty = cart.lines.length === 0;
  const changed = cart.lines.filter((l) => {
    const now = props.lineStates.get(l.productId);
    return now !== undefined && now.price !== l.unitPrice;
  });
  const pay = (): void => {
    const unusual = props.unusualTotal > 0 && totals.ok && totals.totals.total > props.unusualTotal;
    if (unusual) setAsking({ kind: 'total' });
    else props.onPay();
  };
  const resume = (id: string): void => {
    setShowHeld(false);
    if (empty) props.onResume(id, 'hold');
    else setAsking({ kind: 'resume', id });
  };
  return (
    <section className="cart" data-testid="cart">
      <header className="cart__head">
        <h2>
          {t('cart.title')} <span className="muted">{t('cart.items', { count: itemCount(cart) })}</span>
        </h2>
        <button
          type="button"
          className="secondary"
          data-testid="held-toggle"
          disabled={held.length === 0}
          onClick={() => setShowHeld((v) => !v)}
        >
          {t('cart.held', { count: held.length })}
        </button>
        {props.onClose && (
          <button type="button" className="sheet-close" data-testid="cart-close" onClick={props.onClose}>
            {t('till.phone.closeCart')}
          </button>
        )}
      </header>
      {showHeld && held.length > 0 && (
        <ul className="held" data-testid="held-list">
          {held.map((h) => (
            <li key={h.id}>
              <span data-testid="held-label">
                <strong>{h.label}</strong> · {t('cart.items', { count: itemCount(h.cart) })}
              </span>
              <button type="button" data-testid="resume" onClick={() => resume(h.id)}>
                {t('cart.resume')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {asking?.kind === 'resume' && (
        <div className="confirm" role="alertdialog" data-testid="resume-ask">
          <span>{t('till.held.resumeTitle', { count: itemCount(cart) })}</span>
          <button
            type="button"
            className="primary"
            data-testid="resume-hold-current"
            onClick={() => {
              props.onResume(asking.id, 'hold');
              setAsking(null);
            }}
          >
            {t('till.held.holdCurrent')}
          </button>
          <button
            type="button"
            className="danger"
            data-testid="resume-discard-current"
            onClick={() => {
              props.onResume(asking.id, 'discard');
              setAsking(null);
            }}
          >
            {t('till.held.discardCurrent')}
          </button>
          <button type="button" data-testid="resume-cancel" onClick={() => setAsking(null)}>
            {t('till.held.keepCurrent')}
          </button>
        </div>
      )}
      {changed.length > 0 && (
        <p className="line__notice" data-testid="price-banner">
          {t('till.price.banner', { count: changed.length })}
          {changed.length > 1 && (
            <button
              type="button"
              data-testid="apply-all-prices"
              onClick={() => {
                for (const l of changed) {
                  const now = props.lineStates.get(l.productId);
                  if (now) dispatch({ type: 'setPrice', productId: l.productId, unitPrice: now.price });
                }
              }}
            >
              {t('till.price.applyAll', { count: changed.length })}
            </button>
          )}
        </p>
      )}
      {empty ? (
        <p className="muted cart__empty">{t('cart.empty')}</p>
      ) : (
        <ul className="lines">
          {cart.lines.map((l) => (
            <CartLineRow
              key={l.productId}
              line={l}
              dispatch={dispatch}
              quantityLimit={props.quantityLimit}
              now={props.lineStates.get(l.productId)}
            />
          ))}
        </ul>
      )}
      {!empty && (
        <DiscountField
          className="cart__discount"
          label={t('cart.cartDiscount')}
          testId="cart-discount"
          value={cart.discount}
          percent={cart.discountPercent ?? null}
          onChange={(discount, percent) => dispatch({ type: 'setCartDiscount', discount, percent })}
        />
      )}
      {totals.ok ? (
        <TotalsView totals={totals.totals} tax={tax} cashTotal={props.cashTotal} />
      ) : (
        <p className="error" role="alert" data-code={totals.code}>
          {errorText(t, totals.code)}
        </p>
      )}
      {asking?.kind === 'void' ? (
        <ConfirmBar
          message={t('cart.confirmVoid')}
          yesLabel={t('cart.yes')}
          noLabel={t('cart.no')}
          yesTestId="void-cart-yes"
          onYes={() => {
            dispatch({ type: 'voidCart' });
            setAsking(null);
            // Nothing left to look at: on a phone the sheet goes back to the products.
            props.onClose?.();
          }}
          onNo={() => setAsking(null)}
        />
      ) : asking?.kind === 'total' && totals.ok ? (
        <ConfirmBar
          message={t('till.confirm.total', {
            amount: formatRupiah(totals.totals.total),
            limit: formatRupiah(props.unusualTotal),
          })}
          yesLabel={t('till.confirm.yes')}
          noLabel={t('till.confirm.no')}
          yesTestId="confirm-total-yes"
          onYes={() => {
            setAsking(null);
            props.onPay();
          }}
          onNo={() => setAsking(null)}
        />
      ) : asking?.kind === 'hold' ? (
        <form
          className="confirm"
          data-testid="hold-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            props.onHold(holdLabel);
            setHoldLabel('');
            setAsking(null);
            props.onClose?.();
          }}
        >
          <label>
            {t('till.held.label')}
            <input
              data-testid="hold-label"
              value={holdLabel}
              placeholder={t('till.held.labelPlaceholder')}
              maxLength={60}
              onChange={(e) => setHoldLabel(e.target.value)}
            />
          </label>
          <button type="submit" className="primary" data-testid="hold-confirm">
            {t('till.held.hold')}
          </button>
          <button type="button" onClick={() => setAsking(null)}>
            {t('till.held.cancel')}
          </button>
        </form>
      ) : (
        <div className="cart__actions">
          <button
            type="button"
            className="danger"
            data-testid="void-cart"
            disabled={empty}
            onClick={() => setAsking({ kind: 'void' })}
          >
            {t('cart.voidCart')}
          </button>
          <button
            type="button"
            className="secondary"
            data-testid="hold"
            disabled={empty}
            onClick={() => setAsking({ kind: 'hold' })}
          >
            {t('cart.hold')}
          </button>
          <button
            type="button"
            className="primary"
            data-testid="pay"
            disabled={empty || !totals.ok}
            onClick={pay}
          >
            {t('cart.pay', { amount: totals.ok ? formatRupiah(totals.totals.total) : '' })}
          </button>
        </div>
      )}
    </section>
  );
}
