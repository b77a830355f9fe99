import type { ReactNode } from 'react';

/** A labelled form control: the label above, the control (or controls) below. */
export function Field({
  label,
  grow = false,
  children,
}: {
  readonly label: string;
  /** Takes the free width of its row. */
  readonly grow?: boolean;
  readonly children: ReactNode;
}) {
  return (
    <label className={grow ? 'field grow' : 'field'}>
      <span>{label}</span>
      {children}
    </label>
  );
}
