import type { ProductView } from '@kasir/sync';
import { useT } from '@kasir/ui';

/** Low: at or below the branch's minimum but not out (out of stock has its own red count). */
export const isLowStock = (p: Pick<ProductView, 'onHand' | 'minimum'>): boolean =>
  p.minimum !== undefined && p.onHand > 0 && p.onHand <= p.minimum;

/** The tile's low-stock badge (issue 12): the minimum comes from the back office through the feed. */
export function LowStockBadge() {
  const { t } = useT();
  return (
    <span className="tile__low" data-testid="low-stock">
      {t('sell.lowStock')}
    </span>
  );
}
