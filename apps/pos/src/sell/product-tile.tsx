import { formatRupiah } from '@kasir/protocol';
import type { ProductView } from '@kasir/sync';
import { memo } from 'react';
import { isLowStock, LowStockBadge } from './low-stock-badge.tsx';

export interface ProductTileProps {
  readonly product: ProductView;
  readonly stockLabel: string;
  readonly onAdd: (p: ProductView) => void;
  /** While the payment is open tiles cannot change the cart (issue 15 item 7). */
  readonly disabled?: boolean;
}

/** One product button: name, price and live stock (red at zero or below). */
export const ProductTile = memo(function ProductTile({
  product,
  stockLabel,
  onAdd,
  disabled = false,
}: ProductTileProps) {
  return (
    <button
      type="button"
      className="tile"
      data-testid="product-tile"
      data-sku={product.sku}
      disabled={disabled}
      onClick={() => onAdd(product)}
    >
      <span className="tile__name">{product.name}</span>
      <span className="tile__price">{formatRupiah(product.price)}</span>
      <span
        className={product.onHand > 0 ? 'tile__stock' : 'tile__stock tile__stock--out'}
        data-testid="stock"
      >
        {stockLabel}
      </span>
      {isLowStock(product) && <LowStockBadge />}
    </button>
  );
});
