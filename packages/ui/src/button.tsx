import type { ButtonHTMLAttributes } from 'react';

export type ButtonVariant = 'default' | 'primary' | 'secondary' | 'danger' | 'link';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  readonly variant?: ButtonVariant;
  readonly small?: boolean;
}

/** The class names of a button, for links styled as buttons too. */
export function buttonClass(variant: ButtonVariant = 'default', small = false, extra?: string): string {
  return ['k-btn', variant === 'default' ? '' : `k-btn--${variant}`, small ? 'k-btn--small' : '', extra ?? '']
    .filter((c) => c !== '')
    .join(' ');
}

/** A button on the shared tokens; `type` defaults to `button` so it never submits by accident. */
export function Button({ variant = 'default', small = false, className, type, ...rest }: ButtonProps) {
  return <button type={type ?? 'button'} className={buttonClass(variant, small, className)} {...rest} />;
}
