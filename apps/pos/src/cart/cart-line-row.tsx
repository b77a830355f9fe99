import { formatRupiah } from '@kasir/protocol';
import { useRef, useState } from 'react';
import { useT } from '@kasir/ui';
import type { CartAction, CartLine } from './cart-reducer.ts';
import { QuantityInput } from './quantity-input.tsx';
import { ConfirmBar } from '../common/confirm-bar.tsx';
import { DiscountField } from '../common/discount-field.tsx';

/** What the catalog says of a line's product now (issue 15 item 4). */
export interface LineCatalogState {
  /** The catalog's price now; differs from the line's when it changed after the line was added. */
  readonly price: number;
  /** Stock on hand now, local sales included. */
  readonly onHand: number;
}

export interface CartLineRowProps {
  readonly line: CartLine;
  readonly dispatch: (a: CartAction) => void;
  /** A quantity above this asks the cashier first (the branch's `quantityLimit`). */
  readonly quantityLimit: number;
  readonly now?: LineCatalogState | undefined;
}

/**
 * One cart line: quantity stepper, optional line discount, remove (void the line). A quantity above
 * the branch's limit is asked about first (a barcode typed into the box once made 100,000); a price
 * changed in the catalog is shown with a button to take it; stock going below zero is warned about
 * (the sale is still allowed, S7).
 */
export function CartLineRow({ line, dispatch, quantityLimit, now }: CartLineRowProps) {
  const { t } = useT();
  const [showDiscount, setShowDiscount] = useState(line.discount > 0);
  const [asking, setAsking] = useState<number | null>(null);
  // The quantity before the person started typing: a refused big number takes the line back to it
  // (the digits typed before the limit was passed were applied as they came).
  const before = useRef(line.quantity);
  const gross = line.quantity * line.unitPrice;
  const setQty = (quantity: number): void => {
    if (quantity > quantityLimit && quantity > line.quantity) {
      setAsking(quantity);
      return;
    }
    dispatch({ type: 'setQuantity', productId: line.productId, quantity });
  };
  const step = (by: number): void => {
    before.current = line.quantity;
    setQty(line.quantity + by);
  };
  const priceChanged = now !== undefined && now.price !== line.unitPrice;
  const left = now === undefined ? 0 : now.onHand - line.quantity;
  return (
    <li className="line" data-testid="cart-line" data-sku={line.sku}>
      <div className="line__head">
        <span className="line__name">{line.name}</span>
        <span className="line__amount" data-testid="line-amount">
          {formatRupiah(gross - line.discount)}
        </span>
      </div>
      <div className="line__controls">
        <button type="button" className="step" aria-label="-1" onClick={() => step(-1)}>
          −
        </button>
        <QuantityInput
          key={asking === null ? 'q' : 'a'}
          value={line.quantity}
          onChange={setQty}
          onFocus={() => {
            before.current = line.quantity;
          }}
          label={t('cart.qty')}
        />
        <button type="button" className="step" aria-label="+1" onClick={() => step(1)}>
          +
        </button>
        <span className="muted line__unit">× {formatRupiah(line.unitPrice)}</span>
        <button
          type="button"
          className="link"
          data-testid="line-discount-toggle"
          onClick={() => setShowDiscount((v) => !v)}
        >
          {t('cart.discount')}
        </button>
        <button
          type="button"
          className="link link--danger"
          data-testid="void-line"
          onClick={() => dispatch({ type: 'voidLine', productId: line.productId })}
        >
          {t('cart.voidLine')}
        </button>
      </div>
      {asking !== null && (
        <ConfirmBar
          message={t('till.confirm.quantity', { quantity: asking, limit: quantityLimit })}
          yesLabel={t('till.confirm.yes')}
          noLabel={t('till.confirm.no')}
          yesTestId="confirm-quantity-yes"
          onYes={() => {
            dispatch({ type: 'setQuantity', productId: line.productId, quantity: asking });
            setAsking(null);
          }}
          onNo={() => {
            dispatch({ type: 'setQuantity', productId: line.productId, quantity: before.current });
            setAsking(null);
          }}
        />
      )}
      {priceChanged && (
        <p className="line__notice" data-testid="price-changed">
          {t('till.price.changed', { old: formatRupiah(line.unitPrice), new: formatRupiah(now.price) })}
          <button
            type="button"
            data-testid="apply-price"
            onClick={() => dispatch({ type: 'setPrice', productId: line.productId, unitPrice: now.price })}
          >
            {t('till.price.apply')}
          </button>
        </p>
      )}
      {now !== undefined && left < 0 && (
        <p className="line__notice line__notice--warn" data-testid="negative-stock">
          {t('till.price.negativeStock', { left })}
        </p>
      )}
      {showDiscount && (
        <DiscountField
          className="line__discount"
          label={t('cart.lineDiscount')}
          testId="line-discount"
          value={line.discount}
          percent={line.discountPercent ?? null}
          onChange={(discount, percent) =>
            dispatch({ type: 'setLineDiscount', productId: line.productId, discount, percent })
          }
        />
      )}
    </li>
  );
}
