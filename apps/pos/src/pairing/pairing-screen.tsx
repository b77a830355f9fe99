import type { SetupStatus } from '@kasir/protocol';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useT } from '@kasir/ui';
import { normalizeServerUrl, type PairedDevice } from './paired-device.ts';
import { getSetupStatus, pairWithCode, setUpFirstBranch, type ApiOutcome } from './server-api.ts';
import { TextField } from '../common/text-field.tsx';
import { ErrorNote } from '../common/error-text.tsx';

export interface PairingScreenProps {
  readonly defaultServerUrl: string;
  readonly fetch: (url: string, init?: RequestInit) => Promise<Response>;
  readonly onPaired: (device: PairedDevice) => void;
}

/** What the first-run form asks: the admin token the server printed, the first branch, this device. */
interface FirstRun {
  readonly adminToken: string;
  readonly branchCode: string;
  readonly branchName: string;
  readonly deviceName: string;
}

/** The first-run form's fields in order; each is labelled `pairing.<key>`. Branch codes are upper case. */
const FIRST_RUN_FIELDS: readonly { key: keyof FirstRun; testId: string; type?: string }[] = [
  { key: 'adminToken', testId: 'setup-admin-token', type: 'password' },
  { key: 'branchCode', testId: 'setup-branch-code' },
  { key: 'branchName', testId: 'setup-branch-name' },
  { key: 'deviceName', testId: 'setup-device-name' },
];

/** First run (an empty server: create the branch and this device) or pairing by code. */
export function PairingScreen({ defaultServerUrl, fetch, onPaired }: PairingScreenProps) {
  const { t } = useT();
  const [serverUrl, setServerUrl] = useState(defaultServerUrl);
  const [setup, setSetup] = useState<ApiOutcome<SetupStatus> | null>(null);
  const [code, setCode] = useState('');
  const [firstRun, setFirstRun] = useState<FirstRun>(() => ({
    adminToken: '',
    branchCode: '',
    branchName: '',
    deviceName: t('pairing.defaultDevice'),
  }));
  // A code of errors-id.ts: the server's, the device's kind, or one of this form's own checks.
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const url = normalizeServerUrl(serverUrl);

  const check = useCallback(() => {
    setSetup(null);
    void getSetupStatus(fetch, url).then(setSetup);
  }, [fetch, url]);
  useEffect(check, [check]);

  /** This form's own checks, in the cashier's language (no browser bubbles: the form is noValidate). */
  const invalid = (): string | null => {
    if (setup?.ok && setup.value.needsSetup) {
      if (FIRST_RUN_FIELDS.some(({ key }) => firstRun[key].trim() === '')) return 'required';
      if (!/^[A-Z0-9]{2,10}$/.test(firstRun.branchCode)) return 'invalidBranchCode';
      return null;
    }
    return /^[A-Z0-9]{4}-?[A-Z0-9]{4}$/.test(code.trim()) ? null : 'invalidPairingCode';
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const why = invalid();
    setError(why);
    if (why !== null) return;
    setBusy(true);
    const task =
      setup?.ok && setup.value.needsSetup
        ? setUpFirstBranch(fetch, url, { ...firstRun, adminToken: firstRun.adminToken.trim() }, new Date())
        : pairWithCode(fetch, url, code, new Date());
    void task.then((r) => {
      setBusy(false);
      if (r.ok) onPaired(r.value);
      else {
        console.warn('pairing failed', r.code, r.message);
        setError(r.code);
      }
    });
  };

  const needsSetup = setup?.ok === true && setup.value.needsSetup;
  return (
    <main className="pairing" data-testid="pairing">
      <form className="card" onSubmit={submit} noValidate>
        <h1>{needsSetup ? t('pairing.setupTitle') : t('pairing.title')}</h1>
        <TextField
          label={t('pairing.serverUrl')}
          testId="pair-server"
          value={serverUrl}
          onChange={setServerUrl}
          action={
            <button type="button" onClick={check}>
              {t('pairing.check')}
            </button>
          }
        />
        {setup === null && <p className="muted">{t('pairing.checking')}</p>}
        {setup?.ok === false && <ErrorNote code={setup.code} testId="pair-unreachable" />}
        {needsSetup && (
          <>
            <p>{t('pairing.setupIntro')}</p>
            {FIRST_RUN_FIELDS.map(({ key, testId, type }) => (
              <TextField
                key={key}
                label={t(`pairing.${key}`)}
                testId={testId}
                type={type}
                value={firstRun[key]}
                onChange={(v) =>
                  setFirstRun((f) => ({ ...f, [key]: key === 'branchCode' ? v.toUpperCase() : v }))
                }
                required
              />
            ))}
          </>
        )}
        {setup?.ok === true && !needsSetup && (
          <TextField
            label={t('pairing.code')}
            testId="pair-code"
            value={code}
            onChange={(v) => setCode(v.toUpperCase())}
            placeholder="K7QX-9M2P"
            autoComplete="off"
            required
          >
            <small className="muted">{t('pairing.codeHint')}</small>
          </TextField>
        )}
        {error && <ErrorNote code={error} testId="pair-error" />}
        <button
          type="submit"
          className="primary"
          data-testid="pair-submit"
          disabled={busy || setup?.ok !== true}
        >
          {busy ? t('pairing.working') : needsSetup ? t('pairing.create') : t('pairing.pair')}
        </button>
      </form>
    </main>
  );
}
