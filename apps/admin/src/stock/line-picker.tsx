import type { AdminProductPage } from '@kasir/protocol';
import { useT } from '@kasir/ui';
import { useState } from 'react';
import { useApi } from '../app/api-context.ts';

/** A product line of a delivery or a transfer being typed in the back office. */
export interface PickedLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitCost: number;
}

export interface LinePickerProps {
  readonly lines: readonly PickedLine[];
  readonly onChange: (lines: PickedLine[]) => void;
  /** Whether each line has a unit cost (deliveries) or not (transfers). */
  readonly withCost: boolean;
}

/** Search a product by name, SKU or barcode (Enter adds the first match), then quantities and costs. */
export function LinePicker({ lines, onChange, withCost }: LinePickerProps) {
  const { t } = useT();
  const api = useApi();
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (): Promise<void> => {
    const page = await api.get<AdminProductPage>('/api/admin/products', { q, limit: 1 });
    const p = page.items[0];
    if (p === undefined) {
      setError(t('stock.noProduct', { q }));
      return;
    }
    setError(null);
    setQ('');
    if (lines.some((l) => l.productId === p.id)) return;
    onChange([...lines, { productId: p.id, name: p.name, quantity: 1, unitCost: 0 }]);
  };
  const edit = (productId: string, patch: Partial<PickedLine>) =>
    onChange(
      lines.map((l) => (l.productId === productId ? { ...l, ...patch } : l)).filter((l) => l.quantity > 0),
    );
  return (
    <div className="stack">
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <input
          data-testid="line-search"
          placeholder={t('stock.searchProduct')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="submit" className="k-btn">
          {t('stock.addLine')}
        </button>
      </form>
      {error !== null && <p className="warn-text">{error}</p>}
      <table className="table">
        <tbody>
          {lines.map((l) => (
            <tr key={l.productId} data-testid="picked-line">
              <td>{l.name}</td>
              <td className="num">
                <input
                  type="number"
                  min={0}
                  aria-label={t('stock.quantity')}
                  data-testid="line-quantity"
                  value={l.quantity}
                  onChange={(e) => edit(l.productId, { quantity: Math.floor(Number(e.target.value)) })}
                />
              </td>
              {withCost && (
                <td className="num">
                  <input
                    type="number"
                    min={0}
                    aria-label={t('stock.unitCost')}
                    data-testid="line-cost"
                    value={l.unitCost}
                    onChange={(e) => edit(l.productId, { unitCost: Math.floor(Number(e.target.value)) })}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
