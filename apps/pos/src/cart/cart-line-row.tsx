import { formatRupiah } from '@kasir/protocol';
import { useState } from 'react';
import { useT } from '@kasir/ui';
import type { CartAction, CartLine } from './cart-reducer.ts';
import { QuantityInput } from './quantity-input.tsx';
import { MoneyField } from '../shared/money-field.tsx';

export interface CartLineRowProps {
  readonly line: CartLine;
  readonly dispatch: (a: CartAction) => void;
}

/** One cart line: quantity stepper, optional line discount, remove (void the line). */
export function CartLineRow({ line, dispatch }: CartLineRowProps) {
  const { t } = useT();
  const [showDiscount, setShowDiscount] = useState(line.discount > 0);
  const gross = line.quantity * line.unitPrice;
  const setQty = (quantity: number): void =>
    dispatch({ type: 'setQuantity', productId: line.productId, quantity });
  return (
    <li className="line" data-testid="cart-line" data-sku={line.sku}>
      <div className="line__head">
        <span className="line__name">{line.name}</span>
        <span className="line__amount" data-testid="line-amount">
          {formatRupiah(gross - line.discount)}
        </span>
      </div>
      <div className="line__controls">
        <button type="button" className="step" aria-label="-1" onClick={() => setQty(line.quantity - 1)}>
          −
        </button>
        <QuantityInput value={line.quantity} onChange={setQty} label={t('cart.qty')} />
        <button type="button" className="step" aria-label="+1" onClick={() => setQty(line.quantity + 1)}>
          +
        </button>
        <span className="muted">× {formatRupiah(line.unitPrice)}</span>
        <button type="button" className="link" onClick={() => setShowDiscount((v) => !v)}>
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
      {showDiscount && (
        <MoneyField
          className="line__discount"
          label={t('cart.lineDiscount')}
          testId="line-discount"
          value={line.discount}
          onChange={(discount) => dispatch({ type: 'setLineDiscount', productId: line.productId, discount })}
        />
      )}
    </li>
  );
}
