import { useEffect, useState } from 'react';
import { parseAmount } from './parse-amount.ts';

const grouped = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 0 });

export interface AmountInputProps {
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly label: string;
  readonly testId?: string;
  readonly autoFocus?: boolean;
}

/** A rupiah field: digits only, shown grouped ("15.000") once the cashier leaves it. */
export function AmountInput({ value, onChange, label, testId, autoFocus }: AmountInputProps) {
  const [text, setText] = useState(value === 0 ? '' : grouped.format(value));
  useEffect(() => {
    setText((old) => (parseAmount(old) === value ? old : value === 0 ? '' : grouped.format(value)));
  }, [value]);
  return (
    <input
      className="amount"
      inputMode="numeric"
      aria-label={label}
      placeholder="0"
      data-testid={testId}
      autoFocus={autoFocus}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseAmount(e.target.value));
      }}
      onBlur={() => setText(value === 0 ? '' : grouped.format(value))}
    />
  );
}
