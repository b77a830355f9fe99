import { formatRupiah } from '@kasir/protocol';
import { MoneyInput, useT } from '@kasir/ui';
import { useState } from 'react';

export interface DiscountFieldProps {
  /** Shown as the label and given to the inputs as their accessible name. */
  readonly label: string;
  /** `data-testid` of the rupiah input; the percent input is `<testId>-percent`, the units `<testId>-unit-rp|pct`. */
  readonly testId: string;
  /** The discount in rupiah, as the cart holds it (worked out from `percent` when there is one). */
  readonly value: number;
  /** The percentage the cart holds for it; null when the discount was given in rupiah. */
  readonly percent: number | null;
  /** A new discount: rupiah with `percent` null, or a percentage (the cart works the rupiah out). */
  readonly onChange: (value: number, percent: number | null) => void;
  /** The label's class (its place in the form). */
  readonly className?: string;
}

/** "10", "12,5" or "12.5" as a percentage from 0 to 100; NaN when it is none. */
export function parsePercent(text: string): number {
  const t = text.trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{0,2})?$/.test(t)) return Number.NaN;
  return Math.min(100, Number(t));
}

/**
 * A discount in rupiah or, with the "%" unit chosen, as a percentage (shops give "diskon 10%"; a
 * phone's number pad has no "%" key). The cart holds the percentage and works the rupiah out as
 * its lines change (cart-reducer.ts), so a held or reloaded cart keeps "10%"; this field shows
 * what the cart holds and the rupiah it came to.
 */
export function DiscountField({ label, testId, value, percent, onChange, className }: DiscountFieldProps) {
  const { t } = useT();
  // What is being typed ("12," on the way to "12,5"), shown until the field is left.
  const [draft, setDraft] = useState<string | null>(null);
  const inPercent = percent !== null;
  const shown = draft ?? (percent === null || percent === 0 ? '' : String(percent).replace('.', ','));
  return (
    <label {...(className === undefined ? {} : { className })}>
      {label}
      <span className="discount-field">
        {!inPercent ? (
          <MoneyInput
            className="amount"
            label={label}
            testId={testId}
            value={value}
            onChange={(amount) => onChange(amount, null)}
          />
        ) : (
          <input
            className="amount"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0"
            aria-label={`${label} (%)`}
            data-testid={`${testId}-percent`}
            value={shown}
            onChange={(e) => {
              setDraft(e.target.value);
              const p = parsePercent(e.target.value);
              onChange(0, Number.isNaN(p) ? 0 : p);
            }}
            onBlur={() => setDraft(null)}
          />
        )}
        <span className="discount-field__units" role="group" aria-label={t('cart.discountUnit')}>
          {(['rp', 'pct'] as const).map((unit) => (
            <button
              key={unit}
              type="button"
              className="discount-field__unit"
              data-testid={`${testId}-unit-${unit}`}
              aria-pressed={inPercent === (unit === 'pct')}
              onClick={() => {
                if (inPercent === (unit === 'pct')) return;
                // A switch starts the discount again in the other unit: "10" is neither Rp 10 nor 10%.
                setDraft(null);
                onChange(0, unit === 'pct' ? 0 : null);
              }}
            >
              {unit === 'pct' ? '%' : 'Rp'}
            </button>
          ))}
        </span>
      </span>
      {inPercent && value > 0 && (
        <small className="muted" data-testid={`${testId}-amount`}>
          = {formatRupiah(value)}
        </small>
      )}
    </label>
  );
}
