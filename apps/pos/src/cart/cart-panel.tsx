import { formatRupiah, type PriceMode } from '@kasir/protocol';
import { useState } from 'react';
import { useT } from '@kasir/ui';
import { CartLineRow } from './cart-line-row.tsx';
import { itemCount, type Cart, type CartAction } from './cart-reducer.ts';
import type { CartTotals } from './cart-totals.ts';
import type { HeldCart } from './held-carts.ts';
import { TotalsView } from './totals-view.tsx';
import { ConfirmBar } from '../shared/confirm-bar.tsx';
import { MoneyField } from '../shared/money-field.tsx';

export interface CartPanelProps {
  readonly cart: Cart;
  readonly totals: CartTotals;
  readonly priceMode: PriceMode;
  readonly dispatch: (a: CartAction) => void;
  readonly held: readonly HeldCart[];
  readonly onHold: () => void;
  readonly onResume: (id: string) => void;
  readonly onPay: () => void;
}

/** The cart: lines, cart discount, totals, void, hold/resume and the way to payment. */
export function CartPanel(props: CartPanelProps) {
  const { cart, totals, priceMode, dispatch, held } = props;
  const { t } = useT();
  const [confirmVoid, setConfirmVoid] = useState(false);
  const [showHeld, setShowHeld] = useState(false);
  const empty = cart.lines.length === 0;
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
      </header>
      {showHeld && held.length > 0 && (
        <ul className="held" data-testid="held-list">
          {held.map((h) => (
            <li key={h.id}>
              <span>
                {h.label} · {t('cart.items', { count: itemCount(h.cart) })}
              </span>
              <button
                type="button"
                data-testid="resume"
                onClick={() => {
                  props.onResume(h.id);
                  setShowHeld(false);
                }}
              >
                {t('cart.resume')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {empty ? (
        <p className="muted cart__empty">{t('cart.empty')}</p>
      ) : (
        <ul className="lines">
          {cart.lines.map((l) => (
            <CartLineRow key={l.productId} line={l} dispatch={dispatch} />
          ))}
        </ul>
      )}
      {!empty && (
        <MoneyField
          className="cart__discount"
          label={t('cart.cartDiscount')}
          testId="cart-discount"
          value={cart.discount}
          onChange={(discount) => dispatch({ type: 'setCartDiscount', discount })}
        />
      )}
      {totals.ok ? (
        <TotalsView totals={totals.totals} priceMode={priceMode} />
      ) : (
        <p className="error" role="alert">
          {totals.message}
        </p>
      )}
      {confirmVoid ? (
        <ConfirmBar
          message={t('cart.confirmVoid')}
          yesLabel={t('cart.yes')}
          noLabel={t('cart.no')}
          yesTestId="void-cart-yes"
          onYes={() => {
            dispatch({ type: 'voidCart' });
            setConfirmVoid(false);
          }}
          onNo={() => setConfirmVoid(false)}
        />
      ) : (
        <div className="cart__actions">
          <button
            type="button"
            className="danger"
            data-testid="void-cart"
            disabled={empty}
            onClick={() => setConfirmVoid(true)}
          >
            {t('cart.voidCart')}
          </button>
          <button
            type="button"
            className="secondary"
            data-testid="hold"
            disabled={empty}
            onClick={props.onHold}
          >
            {t('cart.hold')}
          </button>
          <button
            type="button"
            className="primary"
            data-testid="pay"
            disabled={empty || !totals.ok}
            onClick={props.onPay}
          >
            {t('cart.pay', { amount: totals.ok ? formatRupiah(totals.totals.total) : '' })}
          </button>
        </div>
      )}
    </section>
  );
}
