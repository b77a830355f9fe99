import type { LocalSale } from '@kasir/sync';
import { useEffect, useRef, useState } from 'react';
import { useT } from '@kasir/ui';
import { dropPairedDevice, keepPairedDevice } from '../pairing/pairing-backup.ts';
import { ReceiptScreen } from '../receipt/receipt-screen.tsx';
import { SalesHistory } from '../receipt/sales-history.tsx';
import { SellScreen } from '../sell/sell-screen.tsx';
import { SettingsScreen } from '../settings/settings-screen.tsx';
import { ReceiveScreen } from '../stock/receive-screen.tsx';
import { CountScreen } from '../stock/count-screen.tsx';
import { loadSettings, saveSettings, type Settings } from '../settings/settings.ts';
import { Snackbars } from '../sync-status/snackbars.tsx';
import { SyncDashboard } from '../sync-status/sync-dashboard.tsx';
import { SyncHeader } from '../sync-status/sync-header.tsx';
import { useSnackbars } from '../sync-status/use-snackbars.ts';
import type { AppEnv } from './app-env.ts';
import type { Session } from './session.ts';
import { StaffBadge } from '../staff/staff-badge.tsx';
import { useStaff } from '../staff/staff-context.tsx';
import { usePersistedCart } from './use-persisted-cart.ts';
import { useCatalogVersion, useNow, useSyncStatus } from './use-sync.ts';

type View =
  | { readonly kind: 'sell' }
  | { readonly kind: 'receipt'; readonly sale: LocalSale; readonly from: 'sell' | 'history' }
  | { readonly kind: 'history' }
  | { readonly kind: 'sync' }
  | { readonly kind: 'settings' }
  | { readonly kind: 'receive' }
  | { readonly kind: 'count' };

const TABS = ['sell', 'history', 'receive', 'count', 'sync', 'settings'] as const;
const clock = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit' });

/** The paired device's app: sync header, navigation, screens and snackbars. */
export function PosShell({ session, env }: { readonly session: Session; readonly env: AppEnv }) {
  const { client, device } = session;
  const { t, i18n } = useT();
  const [view, setView] = useState<View>({ kind: 'sell' });
  const [settings, setSettings] = useState<Settings>(() => loadSettings(env.storage));
  const [persisted, setPersisted] = useState(false);
  const status = useSyncStatus(client);
  const catalogVersion = useCatalogVersion(client);
  const now = useNow(15_000);
  const startedAt = useRef(Date.now()).current;
  const { snacks, notify } = useSnackbars(client, t);
  const staff = useStaff();
  const carts = usePersistedCart(env.storage, (at) => t('cart.heldLabel', { time: clock.format(at) }));

  useEffect(() => {
    void env.persisted.then(setPersisted);
  }, [env.persisted]);

  const changeSettings = (next: Settings): void => {
    saveSettings(env.storage, next);
    setSettings(next);
    if (next.language !== i18n.language) void i18n.changeLanguage(next.language);
  };
  useEffect(() => {
    document.documentElement.lang = settings.language;
  }, [settings.language]);

  const tab = view.kind === 'receipt' ? (view.from === 'history' ? 'history' : 'sell') : view.kind;
  return (
    <div className="shell">
      <header className="topbar no-print">
        <span className="brand">
          Kasir{' '}
          <span className="muted">
            {device.branchName} · {device.deviceName}
          </span>
        </span>
        <nav className="tabs">
          {TABS.map((k) => (
            <button
              type="button"
              key={k}
              data-testid={`nav-${k}`}
              className={tab === k ? 'tab tab--on' : 'tab'}
              onClick={() => setView({ kind: k })}
            >
              {t(`nav.${k}`)}
            </button>
          ))}
        </nav>
        <StaffBadge />
        <SyncHeader
          status={status}
          now={now}
          startedAt={startedAt}
          onOpenDashboard={() => setView({ kind: 'sync' })}
        />
      </header>
      <main className="content">
        {view.kind === 'sell' && (
          <SellScreen
            client={client}
            catalogVersion={catalogVersion}
            cart={carts.cart}
            dispatch={carts.dispatch}
            held={carts.held}
            onHold={carts.hold}
            onResume={carts.resume}
            priceMode={settings.priceMode}
            cashierName={staff.current?.name ?? device.deviceName}
            notify={notify}
            onSold={(sale) => setView({ kind: 'receipt', sale, from: 'sell' })}
          />
        )}
        {view.kind === 'receipt' && (
          <ReceiptScreen
            client={client}
            sale={view.sale}
            syncVersion={catalogVersion}
            device={device}
            settings={settings}
            storage={env.storage}
            print={env.print}
            doneLabel={view.from === 'sell' ? 'newSale' : 'back'}
            onDone={() => setView({ kind: view.from })}
          />
        )}
        {view.kind === 'history' && (
          <SalesHistory
            client={client}
            syncVersion={catalogVersion}
            onOpen={(sale) => setView({ kind: 'receipt', sale, from: 'history' })}
          />
        )}
        {view.kind === 'receive' && <ReceiveScreen client={client} notify={notify} />}
        {view.kind === 'count' && <CountScreen client={client} notify={notify} />}
        {view.kind === 'sync' && <SyncDashboard client={client} status={status} notify={notify} />}
        {view.kind === 'settings' && (
          <SettingsScreen
            client={client}
            status={status}
            device={device}
            settings={settings}
            persisted={persisted}
            notify={notify}
            onSettingsChange={changeSettings}
            onServerUrlChange={(serverUrl) => {
              void keepPairedDevice(env.storage, env.pairingBackup, { ...device, serverUrl })
                .catch((e: unknown) => console.warn('pairing backup not written', e))
                .then(() => {
                  notify('info', t('settings.serverSaved'));
                  env.reload();
                });
            }}
            onSignOut={() => {
              void session
                .destroy()
                .then(() => dropPairedDevice(env.storage, env.pairingBackup))
                .catch((e: unknown) => console.warn('sign-out incomplete', e))
                .then(() => env.reload());
            }}
          />
        )}
      </main>
      <Snackbars snacks={snacks} />
    </div>
  );
}
