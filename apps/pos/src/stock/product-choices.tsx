import type { ProductView } from '@kasir/sync';
import { useT } from '@kasir/ui';

/** The products a typed text matched, to pick one from (find-typed-product.ts). */
export function ProductChoices({
  products,
  onPick,
}: {
  readonly products: readonly ProductView[];
  readonly onPick: (product: ProductView) => void;
}) {
  const { t } = useT();
  return (
    <div className="stock-choices" role="group" aria-label={t('stockChoices.title')}>
      <p className="muted small">{t('stockChoices.title')}</p>
      <ul>
        {products.map((p) => (
          <li key={p.id}>
            <button type="button" data-testid="stock-choice" onClick={() => onPick(p)}>
              <span>{p.name}</span> <small className="muted">{p.sku}</small>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
