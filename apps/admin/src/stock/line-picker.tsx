import type { AdminProductPage } from '@kasir/protocol';
import { MoneyInput, useT } from '@kasir/ui';
import { useState } from 'react';
import { useApi } from '../app/api-context.ts';

/** A product line of a delivery or a transfer being typed in the back office. */
export interface PickedLine {
  readonly productId: string;
  readonly name: string;
  readonly quantity: number;
  readonly unitCost: number;
  /** On-hand at the picker's branch when it was added; null without a branch. */
  readonly onHand: number | null;
}

export interface LinePickerProps {
  readonly lines: readonly PickedLine[];
  readonly onChange: (lines: PickedLine[]) => void;
  /** Whether each line has a unit cost (deliveries) or not (transfers). */
  readonly withCost: boolean;
  /** The branch whose on-hand each line shows (a transfer's sender). */
  readonly stockAt?: string;
}

/** Search a product by name, SKU or barcode (Enter adds the first match), then quantities and costs. */
export function LinePicker({ lines, onChange, withCost, stockAt }: LinePickerProps) {
  const { t } = useT();
  const api = useApi();
  const [q, setQ] = useState('');
  const [error, setError] = useState<string | null>(null);
  const add = async (): Promise<void> => {
    const page = await api.get<AdminProductPage>('/api/admin/products', {
      q,
      limit: 1,
      ...(stockAt === undefined ? {} : { branchId: stockAt }),
    });
    const p = page.items[0];
    if (p === undefined) {
      setError(t('stock.noProduct', { q }));
      return;
    }
    setError(null);
    setQ('');
    if (lines.some((l) => l.productId === p.id)) return;
    onChange([...lines, { productId: p.id, name: p.name, quantity: 1, unitCost: 0, onHand: p.stock }]);
  };
  // A line cleared to 0 stays while the number is retyped; saving leaves it out (linesToSave).
  const edit = (productId: string, patch: Partial<PickedLine>) =>
    onChange(lines.map((l) => (l.productId === productId ? { ...l, ...patch } : l)));
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
      <div className="table-wrap">
        <table className="table">
          {lines.length > 0 && (
            <thead>
              <tr>
                <th>{t('stock.product')}</th>
                <th className="num">{t('stock.quantity')}</th>
                {withCost && <th className="num">{t('stock.unitCost')}</th>}
                <th />
              </tr>
            </thead>
          )}
          <tbody>
            {lines.map((l) => (
              <tr key={l.productId} data-testid="picked-line">
                <td>
                  {l.name}
                  {l.onHand !== null && (
                    <div className="muted small" data-testid="line-on-hand">
                      {t('stock.onHandNow', { count: l.onHand })}
                    </div>
                  )}
                </td>
                <NumberCell
                  label={t('stock.quantity')}
                  className="line-number line-number--qty"
                  testId="line-quantity"
                  value={l.quantity}
                  onChange={(quantity) => edit(l.productId, { quantity })}
                />
                {withCost && (
                  <td className="num">
                    {/* Rupiah as the price fields take it: "14.500" is 14,500 (a number box read 1400). */}
                    <MoneyInput
                      label={t('stock.unitCost')}
                      className="line-number k-money"
                      testId="line-cost"
                      value={l.unitCost}
                      onChange={(unitCost) => edit(l.productId, { unitCost })}
                    />
                  </td>
                )}
                <td>
                  <button
                    type="button"
                    className="k-btn"
                    data-testid="line-remove"
                    aria-label={t('stock.removeLine', { name: l.name })}
                    onClick={() => onChange(lines.filter((x) => x.productId !== l.productId))}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * A line's quantity: 0 shows as an empty box, so clearing it to type
 * another number leaves no stray 0; what is typed is read as a whole number, never below 0.
 */
function NumberCell(props: {
  readonly label: string;
  readonly className: string;
  readonly testId: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
}) {
  return (
    <td className="num">
      <input
        type="number"
        min={0}
        aria-label={props.label}
        className={props.className}
        data-testid={props.testId}
        value={props.value > 0 ? props.value : ''}
        onChange={(e) => props.onChange(Math.max(0, Math.floor(Number(e.target.value) || 0)))}
      />
    </td>
  );
}

/** Lines sending more than their branch holds (its stock would go below zero). */
export const beyondStock = (lines: readonly PickedLine[]): PickedLine[] =>
  lines.filter((l) => l.onHand !== null && l.quantity > l.onHand);

/** The lines a save sends: those with a quantity. */
export const linesToSave = (lines: readonly PickedLine[]): PickedLine[] =>
  lines.filter((l) => l.quantity >= 1);
