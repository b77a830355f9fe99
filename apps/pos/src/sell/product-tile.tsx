import { formatRupiah, productImagePath } from '@kasir/protocol';
import type { ProductView } from '@kasir/sync';
import { memo } from 'react';
import { isLowStock, LowStockBadge } from './low-stock-badge.tsx';

export interface ProductTileProps {
  readonly product: ProductView;
  readonly stockLabel: string;
  readonly onAdd: (p: ProductView) => void;
  /** The server the pictures come from (the paired server's URL, without a trailing slash). */
  readonly imageBase: string;
  /** While the payment is open tiles cannot change the cart (issue 15 item 7). */
  readonly disabled?: boolean;
  /**
   * False until the device's first sync has finished: a fresh till's first tiles show while the
   * rest of the catalog still downloads, and their pictures loading then made pairing to ready to
   * sell about 25% slower (bench: B6 "With a picture on every product"). Also false for the till's
   * first frame after a start (app/use-first-paint.ts). The box is kept.
   */
  readonly pictures?: boolean;
}

/**
 * One product button: its picture when it has one, name, price and live stock (red at zero or
 * below). The picture's box has a fixed size, so nothing moves when it arrives; it is loaded only
 * when the tile comes into view, and a picture that cannot be had (offline, not cached) leaves the
 * box empty (no alt text: the name is right below it).
 */
export const ProductTile = memo(function ProductTile({
  product,
  stockLabel,
  onAdd,
  imageBase,
  disabled = false,
  pictures = true,
}: ProductTileProps) {
  const image = product.image ?? null;
  return (
    <button
      type="button"
      className="tile"
      data-testid="product-tile"
      data-sku={product.sku}
      disabled={disabled}
      onClick={() => onAdd(product)}
    >
      {image !== null && !pictures && <span className="tile__img" aria-hidden="true" />}
      {image !== null && pictures && (
        <img
          className="tile__img"
          data-testid="tile-image"
          src={`${imageBase}${productImagePath(image, 160)}`}
          width={160}
          height={160}
          loading="lazy"
          decoding="async"
          alt=""
        />
      )}
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
