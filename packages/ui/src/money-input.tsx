import { useEffect, useState } from 'react';
import { formatGrouped, parseAmount } from './format.ts';

export interface MoneyInputProps {
  readonly value: number;
  readonly onChange: (value: number) => void;
  /** Accessible name (the field often has no visible label on a till). */
  readonly label: string;
  readonly id?: string;
  readonly testId?: string;
  readonly autoFocus?: boolean;
  readonly required?: boolean;
  /** The app's own class for the field (`k-money` by default). */
  readonly className?: string;
}

/** A rupiah field: digits only, shown grouped (`15.000`) once the person leaves it. */
export function MoneyInput({
  value,
  onChange,
  label,
  id,
  testId,
  autoFocus,
  required,
  className = 'k-money',
}: MoneyInputProps) {
  const [text, setText] = useState(value === 0 ? '' : formatGrouped(value));
  useEffect(() => {
    setText((old) => (parseAmount(old) === value ? old : value === 0 ? '' : formatGrouped(value)));
  }, [value]);
  return (
    <input
      id={id}
      className={className}
      inputMode="numeric"
      autoComplete="off"
      aria-label={label}
      placeholder="0"
      data-testid={testId}
      autoFocus={autoFocus}
      required={required}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseAmount(e.target.value));
      }}
      onBlur={() => setText(value === 0 ? '' : formatGrouped(value))}
    />
  );
}
