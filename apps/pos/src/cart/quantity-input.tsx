import { useEffect, useState } from 'react';

export interface QuantityInputProps {
  readonly value: number;
  readonly onChange: (value: number) => void;
  readonly label: string;
  readonly onFocus?: () => void;
}

/**
 * A quantity field that lets the cashier clear it to type a new number: an empty or zero entry is
 * not applied (voiding a line is the remove button's job) and the field shows the quantity again
 * when left.
 */
export function QuantityInput({ value, onChange, label, onFocus }: QuantityInputProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  return (
    <input
      className="qty"
      inputMode="numeric"
      autoComplete="off"
      aria-label={label}
      data-testid="line-qty"
      value={text}
      onChange={(e) => {
        const digits = e.target.value.replace(/[^0-9]/g, '').slice(0, 6);
        setText(digits);
        const n = Number(digits);
        if (n > 0) onChange(n);
      }}
      onFocus={onFocus}
      onBlur={() => setText(String(value))}
    />
  );
}
