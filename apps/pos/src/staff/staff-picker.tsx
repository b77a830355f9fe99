import type { StaffRecord } from '@kasir/protocol';
import { useT } from '@kasir/ui';
import { useState } from 'react';
import { PinPad } from './pin-pad.tsx';

export interface StaffPickerProps {
  /** The people who may sign in (or approve), by name. */
  readonly people: readonly StaffRecord[];
  /** Checks the PIN of the chosen person; resolves to an error text, or null when it was right. */
  readonly onPin: (person: StaffRecord, pin: string) => Promise<string | null>;
  /** Set while the keypad is locked after wrong PINs: the text to show. */
  readonly lockedText: string | null;
  readonly testId: string;
}

/**
 * Choose your name, then type your PIN: one slow hash per try (a PIN alone would have to be hashed
 * against every person of the branch), and a wrong PIN is counted against the till (pin-lockout.ts).
 */
export function StaffPicker({ people, onPin, lockedText, testId }: StaffPickerProps) {
  const { t } = useT();
  const [chosen, setChosen] = useState<StaffRecord | null>(people.length === 1 ? (people[0] ?? null) : null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (chosen === null) {
    return (
      <ul className="staffpick" data-testid={`${testId}-people`}>
        {people.map((p) => (
          <li key={p.id}>
            <button type="button" data-testid={`${testId}-person`} onClick={() => setChosen(p)}>
              <strong>{p.name}</strong>
              <small className="muted">{t(`staff.role.${p.role}`)}</small>
            </button>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <div className="staffpick__pin">
      <p>
        <strong data-testid={`${testId}-chosen`}>{chosen.name}</strong>{' '}
        {people.length > 1 && (
          <button type="button" className="link" onClick={() => setChosen(null)}>
            {t('staff.notMe')}
          </button>
        )}
      </p>
      <PinPad
        testId={`${testId}-pin`}
        disabled={busy || lockedText !== null}
        onSubmit={(pin) => {
          setBusy(true);
          setError(null);
          void onPin(chosen, pin)
            .then(setError)
            .finally(() => setBusy(false));
        }}
      />
      {busy && <p className="muted">{t('staff.checking')}</p>}
      {lockedText !== null ? (
        <p className="error" role="alert" data-testid={`${testId}-locked`}>
          {lockedText}
        </p>
      ) : (
        error !== null && (
          <p className="error" role="alert" data-testid={`${testId}-error`}>
            {error}
          </p>
        )
      )}
    </div>
  );
}
