import { useEffect, useState } from 'react';
import { useT } from '@kasir/ui';
import { loadPairedDevice, type PairedDevice } from '../pairing/paired-device.ts';
import { keepPairedDevice } from '../pairing/pairing-backup.ts';
import { PairingScreen } from '../pairing/pairing-screen.tsx';
import type { AppEnv } from './app-env.ts';
import { PosShell } from './pos-shell.tsx';
import { openSession, type Session } from './session.ts';
import { StaffProvider } from '../staff/staff-context.tsx';

/** Pairing until the device has a token; then the session (store + sync client) and the shell. */
export function App({ env }: { readonly env: AppEnv }) {
  const { t } = useT();
  const [device, setDevice] = useState<PairedDevice | null>(() => loadPairedDevice(env.storage));
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!device) return;
    let live = true;
    let opened: Session | null = null;
    openSession(device, env)
      .then((s) => {
        opened = s;
        if (live) setSession(s);
        else void s.close();
      })
      .catch((e: unknown) => setError(String(e)));
    return () => {
      live = false;
      void opened?.close();
      setSession(null);
    };
  }, [device, env]);

  if (!device) {
    return (
      <PairingScreen
        defaultServerUrl={env.origin}
        fetch={env.fetch}
        onPaired={(d) => {
          // No sale before the pairing is on disk: its sales would be orphaned by a crash (issue 6).
          void keepPairedDevice(env.storage, env.pairingBackup, d)
            .catch((e: unknown) => console.warn('pairing backup not written', e))
            .then(() => setDevice(d));
        }}
      />
    );
  }
  if (error) return <p className="error">{error}</p>;
  if (!session) return <p className="muted loading">{t('common.loading')}</p>;
  return (
    <StaffProvider client={session.client} storage={env.storage}>
      <PosShell session={session} env={env} />
    </StaffProvider>
  );
}
