import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import type { AppEnv } from './app/app-env.ts';
import { ErrorBoundary } from './app/error-boundary.tsx';
import { createI18n } from './i18n/create-i18n.ts';
import { I18nContext } from '@kasir/ui';
import {
  indexedDbPairingBackup,
  opfsPairingBackup,
  pairingBackups,
  restorePairedDevice,
} from './pairing/pairing-backup.ts';
import { writablePrivateFolder } from './app/session.ts';
import { PAIRED_DEVICE_KEY } from './pairing/paired-device.ts';
import { registerServiceWorker } from './pwa/register-service-worker.ts';
import { SETTINGS_KEY, loadSettings } from './settings/settings.ts';
import { CART_KEY, HELD_KEY } from './app/use-persisted-cart.ts';
import { durableStorage, indexedDbDurableCopy, restoreFromDurableCopy } from './common/durable-storage.ts';
import '@kasir/ui/tokens.css';
import '@kasir/ui/base.css';
import './app/base.css';
import './app/shell.css';
import './sync-status/sync-header.css';
import './sell/sell.css';
import './receipt/receipt.css';
import './app/responsive.css';
import './drawer/drawer.css';
import './staff/staff.css';

/** The composition root: the only place that touches browser globals and wires the app. */
async function main(): Promise<void> {
  // The pairing's copies: IndexedDB, and the private file system, which outlives Chromium deleting
  // a corrupted IndexedDB after a crash (pairing/pairing-backup.ts).
  const folder = await writablePrivateFolder(navigator);
  const fileCopy = folder === null ? null : opfsPairingBackup(folder);
  const pairingBackup =
    fileCopy === null
      ? indexedDbPairingBackup(indexedDB)
      : pairingBackups(indexedDbPairingBackup(indexedDB), fileCopy);
  // The till's cart, held carts and settings: IndexedDB is the truth, localStorage the quick copy.
  const tillCopy = indexedDbDurableCopy(indexedDB);
  const tillKeys = [CART_KEY, HELD_KEY, SETTINGS_KEY];
  await restoreFromDurableCopy(window.localStorage, tillCopy, tillKeys, [CART_KEY]).catch((e: unknown) =>
    console.warn('till store unreadable', e),
  );
  const storage = durableStorage(window.localStorage, tillCopy, {
    keys: tillKeys,
    strictKeys: [HELD_KEY, SETTINGS_KEY],
    onError: (e) => console.warn('till store not written', e),
  });
  // Before the app reads the pairing: a crash right after pairing may have cost localStorage its copy.
  await restorePairedDevice(storage, pairingBackup).catch((e: unknown) =>
    console.warn('pairing backup unreadable', e),
  );
  // A till paired before the file copy existed gets it now: one read at start, a write only then;
  // not awaited (the start does not wait).
  const paired = storage.getItem(PAIRED_DEVICE_KEY);
  if (paired !== null && fileCopy !== null)
    fileCopy
      .read()
      .then((kept) => (kept === paired ? undefined : fileCopy.write(paired)))
      .catch((e: unknown) => console.warn('pairing file copy not written', e));
  const i18n = await createI18n(loadSettings(storage).language);
  const env: AppEnv = {
    storage,
    pairingBackup,
    navigator,
    fetch: (url, init) => fetch(url, init),
    origin: window.location.origin,
    print: () => window.print(),
    reload: () => window.location.reload(),
    persisted: registerServiceWorker(navigator, import.meta.env.PROD),
    onNetworkBack: (onBack) => {
      window.addEventListener('online', onBack);
      return () => window.removeEventListener('online', onBack);
    },
  };
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <I18nContext.Provider value={i18n}>
      <ErrorBoundary onReload={env.reload}>
        <App env={env} />
      </ErrorBoundary>
    </I18nContext.Provider>,
  );
}

void main();
