import { formatRupiah } from '@kasir/protocol';
import { MoneyInput, useT } from '@kasir/ui';
import { useEffect, useState } from 'react';

export interface DiscountFieldProps {
  /** Shown as the label and given to the inputs as their accessible name. */
  readonly label: string;
  /** `data-testid` of the rupiah input; the percent input is `<testId>-percent`, the units `<testId>-unit-rp|pct`. */
  readonly testId: string;
  /** The discount in rupiah, as the cart holds it. */
  readonly value: number;
  /** What a percentage is of (the line's or the cart's amount before this discount). */
  readonly base: number;
  readonly onChange: (value: number) => void;
  /** The label's class (its place in the form). */
  readonly className?: string;
}

/** "10", "12,5" or "12.5" as a percentage from 0 to 100; NaN when it is none. */
export function parsePercent(text: string): number {
  const t = text.trim().replace(',', '.');
  if (!/^\d{1,3}(\.\d{0,2})?$/.test(t)) return Number.NaN;
  return Math.min(100, Number(t));
}

/** The rupiah a percentage of `base` gives, rounded to whole rupiah. */
export const percentOf = (base: number, percent: number): number => Math.round((base * percent) / 100);

/**
 * A discount in rupiah or, with the "%" unit chosen, as a percentage of `base` (shops give "diskon
 * 10%"; a phone's number pad has no "%" key). The cart keeps rupiah: in percent mode the amount is
 * worked out here and follows the base when lines change.
 */
export function DiscountField({ label, testId, value, base, onChange, className }: DiscountFieldProps) {
  const { t } = useT();
  const [percentText, setPercentText] = useState<string | null>(null);
  const percent = percentText === null ? null : parsePercent(percentText);
  useEffect(() => {
    if (percent === null) return;
    const amount = Number.isNaN(percent) ? 0 : percentOf(base, percent);
    if (amount !== value) onChange(amount);
  }, [base, percent, value, onChange]);
  return (
    <label {...(className === undefined ? {} : { className })}>
      {label}
      <span className="discount-field">
        {percentText === null ? (
          <MoneyInput className="amount" label={label} testId={testId} value={value} onChange={onChange} />
        ) : (
          <input
            className="amount"
            inputMode="decimal"
            autoComplete="off"
            placeholder="0"
            aria-label={`${label} (%)`}
            data-testid={`${testId}-percent`}
            value={percentText}
            onChange={(e) => setPercentText(e.target.value)}
          />
        )}
        <span className="discount-field__units" role="group" aria-label={t('cart.discountUnit')}>
          {(['rp', 'pct'] as const).map((unit) => (
            <button
              key={unit}
              type="button"
              className="discount-field__unit"
              data-testid={`${testId}-unit-${unit}`}
              aria-pressed={(percentText !== null) === (unit === 'pct')}
              onClick={() => {
                if ((percentText !== null) === (unit === 'pct')) return;
                // A switch starts the discount again in the other unit: "10" is neither Rp 10 nor 10%.
                setPercentText(unit === 'pct' ? '' : null);
                onChange(0);
              }}
            >
              {unit === 'pct' ? '%' : 'Rp'}
            </button>
          ))}
        </span>
      </span>
      {percentText !== null && value > 0 && (
        <small className="muted" data-testid={`${testId}-amount`}>
          = {formatRupiah(value)}
        </small>
      )}
    </label>
  );
}
