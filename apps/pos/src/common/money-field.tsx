import { MoneyInput } from '@kasir/ui';

export interface MoneyFieldProps {
  /** Shown as the label and given to the input as its accessible name. */
  readonly label: string;
  /** `data-testid` of the input. */
  readonly testId: string;
  readonly value: number;
  readonly onChange: (value: number) => void;
  /** The label's class (its place in the form). */
  readonly className?: string;
}

/** A labelled rupiah amount of the till (payment, line and cart discounts). */
export function MoneyField({ label, testId, value, onChange, className }: MoneyFieldProps) {
  return (
    <label {...(className === undefined ? {} : { className })}>
      {label}
      <MoneyInput className="amount" label={label} testId={testId} value={value} onChange={onChange} />
    </label>
  );
}
