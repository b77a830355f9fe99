import type { InputHTMLAttributes, ReactNode } from 'react';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  readonly label: string;
  /** `data-testid` of the input. */
  readonly testId?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  /** A button beside the input (the two share a row). */
  readonly action?: ReactNode;
  /** Shown under the input, inside the label (a hint). */
  readonly children?: ReactNode;
}

/** A labelled text input of a form; the label wraps the input, so a click on it focuses the input. */
export function TextField({ label, testId, value, onChange, action, children, ...input }: TextFieldProps) {
  const field = (
    <input
      {...(testId === undefined ? {} : { 'data-testid': testId })}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      {...input}
    />
  );
  return (
    <label>
      {label}
      {action === undefined ? (
        field
      ) : (
        <span className="row">
          {field}
          {action}
        </span>
      )}
      {children}
    </label>
  );
}
