import { useEffect, useState } from 'react';
import { useT } from '@kasir/ui';

export interface PinPadProps {
  /** Called with 4-6 digits when the person presses OK (or types Enter). */
  readonly onSubmit: (pin: string) => void;
  readonly disabled?: boolean;
  /** `data-testid` prefix: `<id>-key-1`, `<id>-ok`, `<id>-input`. */
  readonly testId: string;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * A PIN keypad: big touch keys, and the hardware keyboard (digits, Backspace, Enter) for tills with
 * one. The PIN shows as dots; it is cleared after every submit.
 */
export function PinPad({ onSubmit, disabled = false, testId }: PinPadProps) {
  const { t } = useT();
  const [pin, setPin] = useState('');
  const press = (d: string): void => setPin((p) => (p.length >= 6 ? p : p + d));
  const submit = (): void => {
    if (pin.length < 4 || disabled) return;
    onSubmit(pin);
    setPin('');
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (disabled) return;
      if (/^\d$/.test(e.key)) press(e.key);
      else if (e.key === 'Backspace') setPin((p) => p.slice(0, -1));
      else if (e.key === 'Enter') submit();
      else return;
      // Captured at the window and stopped: the sell screen's barcode wedge must not see a PIN.
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  return (
    <div className="pinpad">
      <output
        className={pin.length === 0 ? 'pinpad__dots pinpad__dots--empty' : 'pinpad__dots'}
        data-testid={`${testId}-input`}
        aria-label={t('staff.pin')}
      >
        {pin.length === 0 ? t('staff.enterPin') : '•'.repeat(pin.length)}
      </output>
      <div className="pinpad__keys">
        {KEYS.map((k) => (
          <button
            type="button"
            key={k}
            disabled={disabled}
            data-testid={`${testId}-key-${k}`}
            onClick={() => press(k)}
          >
            {k}
          </button>
        ))}
        <button
          type="button"
          disabled={disabled}
          aria-label={t('staff.backspace')}
          onClick={() => setPin((p) => p.slice(0, -1))}
        >
          ⌫
        </button>
        <button type="button" disabled={disabled} data-testid={`${testId}-key-0`} onClick={() => press('0')}>
          0
        </button>
        <button
          type="button"
          className="primary"
          disabled={disabled || pin.length < 4}
          data-testid={`${testId}-ok`}
          onClick={submit}
        >
          {t('staff.ok')}
        </button>
      </div>
    </div>
  );
}
