import { newId, type BranchTax } from '@kasir/protocol';
import type { LocalSale } from '@kasir/sync';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '@kasir/ui';
import { dropPairedDevice, keepPairedDevice } from '../pairing/pairing-backup.ts';
import { indexedDbPrintJobStore, memoryPrintJobStore } from '../receipt/print-job-store.ts';
import { PrintQueueBar } from '../receipt/print-queue-bar.tsx';
import { PrinterPanel } from '../receipt/printer-panel.tsx';
import { printerNavigatorOf } from '../receipt/printer-transports.ts';
import { createPrinting } from '../receipt/printing.ts';
import { preloadQrCode } from '../receipt/qr-svg.ts';
import { ReceiptScreen } from '../receipt/receipt-screen.tsx';
import { ReceiptWarmUp, type ReceiptWarmUpProps } from '../receipt/receipt-warm-up.tsx';
import { branchPaymentSettingsOf } from '../settings/branch-payment-settings.ts';
import { receiptShopOf } from '../receipt/receipt-shop.ts';
import { SalesHistory } from '../receipt/sales-history.tsx';
import { SellScreen } from '../sell/sell-screen.tsx';
import { httpCheckQris } from '../sell/qris-confirmation.ts';
import { useBarcodeWedge } from '../sell/use-barcode-wedge.ts';
import { loadDrawer, saveDrawer, type DrawerState } from '../drawer/drawer-store.ts';
import { ShiftScreen } from '../drawer/shift-screen.tsx';
import { openDrawerWithoutSale } from '../drawer/open-drawer.ts';
import { RefundScreen } from '../refunds/refund-screen.tsx';
import { CustomerBar } from '../customers/customer-bar.tsx';
import { SettingsScreen } from '../settings/settings-screen.tsx';
import { ReceiveScreen } from '../stock/receive-screen.tsx';
import { CountScreen } from '../stock/count-screen.tsx';
import { IncomingTransfers } from '../stock/incoming-transfers.tsx';
import {
  branchOrDefault,
  effectiveSettings,
  loadSettings,
  saveSettings,
  type DevicePreferences,
} from '../settings/settings.ts';
import { useBranchSettings } from '../settings/use-branch-settings.ts';
import { Snackbars } from '../sync-status/snackbars.tsx';
import { SyncDashboard } from '../sync-status/sync-dashboard.tsx';
import { SyncActivity } from '../sync-status/sync-activity.tsx';
import { SyncHeader } from '../sync-status/sync-header.tsx';
import { useSnackbars } from '../sync-status/use-snackbars.ts';
import { whenIdle } from '../common/when-idle.ts';
import type { AppEnv } from './app-env.ts';
import type { Session } from './session.ts';
import { useImagePrefetch } from '../sell/use-image-prefetch.ts';
import { StaffBadge } from '../staff/staff-badge.tsx';
import { useStaff } from '../staff/staff-context.tsx';
import { useFirstPaint } from './use-first-paint.ts';
import { usePersistedCart } from './use-persisted-cart.ts';
import { useCatalogVersion, useNow, useSaleSyncVersion, useSyncStatus } from './use-sync.ts';

type View =
  | { readonly kind: 'sell' }
  | {
      readonly kind: 'receipt';
      readonly sale: LocalSale;
      readonly from: 'sell' | 'history';
      /** Right after a sale for a customer: their name, for the receipt printed at once. */
      readonly customerName?: string;
    }
  | { readonly kind: 'history' }
  | { readonly kind: 'sync' }
  | { readonly kind: 'settings' }
  | { readonly kind: 'receive' }
  | { readonly kind: 'count' }
  /** `backToSell`: opened from the sell screen's "open a shift": back to the cart once it is open. */
  | { readonly kind: 'shift'; readonly backToSell?: boolean }
  | { readonly kind: 'refund' };

/**
 * The header's tabs and their labels, in the order a cashier's day uses them: selling, the history,
 * the shift and refunds first (on a phone the strip scrolls, and these are in view), then stock work,
 * sync and settings. The drawer's labels (issue 13) come from their own catalog groups.
 */
const TABS = [
  ['sell', 'nav.sell'],
  ['history', 'nav.history'],
  ['shift', 'drawer.nav'],
  ['refund', 'refund.nav'],
  ['receive', 'nav.receive'],
  ['count', 'nav.count'],
  ['sync', 'nav.sync'],
  ['settings', 'nav.settings'],
] as const;
const clock = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit' });

/** The paired device's app: sync header, navigation, screens and snackbars. */
export function PosShell({ session, env }: { readonly session: Session; readonly env: AppEnv }) {
  const { client, device } = session;
  const { t, i18n } = useT();
  const [view, setView] = useState<View>({ kind: 'sell' });
  const [prefs, setPrefs] = useState<DevicePreferences>(() => loadSettings(env.storage));
  const branchSettings = useBranchSettings(client);
  const settings = effectiveSettings(prefs, branchSettings);
  const shop = branchOrDefault(branchSettings);
  const [persisted, setPersisted] = useState(false);
  const status = useSyncStatus(client);
  const catalogVersion = useCatalogVersion(client);
  const saleSyncVersion = useSaleSyncVersion(client);
  const now = useNow(15_000);
  const { snacks, notify } = useSnackbars(client, t);
  const [drawer, setDrawer] = useState<DrawerState>(() => loadDrawer(env.storage));
  const changeDrawer = (next: DrawerState): void => {
    saveDrawer(env.storage, next);
    setDrawer(next);
  };
  const staff = useStaff();
  const carts = usePersistedCart(env.storage, (at) => t('cart.heldLabel', { time: clock.format(at) }));

  // A cart restored at start whose sale is recorded (the till stopped between the sale's commit and
  // the cart's clearing, which is not written strictly): sold, so cleared, never sold again.
  const restoredCartId = useRef(carts.cart.id);
  const cartId = useRef(carts.cart.id);
  cartId.current = carts.cart.id;
  useEffect(() => {
    const id = restoredCartId.current;
    if (id === undefined) return;
    void client.getSale(id).then((sale) => {
      if (!sale || cartId.current !== id) return;
      carts.dispatch({ type: 'voidCart' });
      notify('info', t('cart.alreadySold', { invoice: sale.invoiceNumber }));
    });
  }, [client, carts.dispatch, notify, t]);

  const cartOpen = carts.cart.lines.length > 0;
  useEffect(() => session.activity.note(cartOpen), [session.activity, cartOpen, carts.cart]);
  useImagePrefetch(client, session.activity, device.serverUrl, env.fetch);
  // Issue 15 item 6: a scan on the receipt screen starts the next sale with that item.
  const content = useRef<HTMLElement>(null);
  const tabs = useRef<HTMLElement>(null);
  useBarcodeWedge(
    view.kind === 'receipt',
    (code) => {
      const p = client.catalog.byBarcode(code);
      if (!p) {
        notify('error', t('sell.unknownBarcode', { code }));
        return;
      }
      carts.dispatch({
        type: 'add',
        product: { productId: p.id, name: p.name, sku: p.sku, unitPrice: p.price, taxRate: p.taxRate },
      });
      setView({ kind: 'sell' });
    },
    content,
  );

  useEffect(() => {
    void env.persisted.then(setPersisted);
  }, [env.persisted]);
  // The branch's settings from its feed (issue 15), as payments and receipts read them (issue 14).
  const branch = useMemo(() => branchPaymentSettingsOf(branchSettings), [branchSettings]);
  // One object per change of either: the sell screen's totals are memoised on it.
  const tax = useMemo<BranchTax>(
    () => ({ pkp: branch.pkp, priceMode: settings.priceMode }),
    [branch.pkp, settings.priceMode],
  );
  const checkQris = useMemo(
    () => httpCheckQris(env.fetch, device.serverUrl, device.token),
    [env.fetch, device.serverUrl, device.token],
  );
  const printing = useMemo(
    () =>
      createPrinting({
        storage: env.storage,
        navigator: printerNavigatorOf(env.navigator),
        store:
          typeof indexedDB === 'undefined'
            ? memoryPrintJobStore()
            : indexedDbPrintJobStore(indexedDB, `kasir-print-${device.deviceId}`),
        newId: () => newId(),
      }),
    [env.storage, env.navigator, device.deviceId],
  );
  useEffect(() => {
    printing.queue.start().catch((e: unknown) => console.warn('print queue not loaded', e));
    return () => void printing.queue.close();
  }, [printing]);
  // The code loaded after the start (printer encoder, QR), once the till is idle: loaded on first
  // use alone, a service worker update meanwhile (it drops the previous version's files) would
  // leave this page unable to print until it reloads.
  useEffect(() => {
    const preload = (): void => {
      printing.preload().catch((e: unknown) => console.warn('printer encoder not loaded', e));
      preloadQrCode().catch((e: unknown) => console.warn('QR code not loaded', e));
    };
    return whenIdle(preload, 5_000, 1_000);
  }, [printing]);

  // What every receipt screen gets, the warm-up's too (receipt-warm-up.tsx).
  const receiptEnv: ReceiptWarmUpProps = {
    client,
    device,
    settings,
    storage: env.storage,
    print: env.print,
    printing,
    branch,
    refunds: drawer.refunds,
  };
  // The tiles' pictures from the frame after the first (use-first-paint.ts).
  const painted = useFirstPaint();
  const changeSettings = (next: DevicePreferences): void => {
    saveSettings(env.storage, next);
    setPrefs(next);
    if (next.language !== i18n.language) void i18n.changeLanguage(next.language);
  };
  useEffect(() => {
    document.documentElement.lang = settings.language;
  }, [settings.language]);

  const tab = view.kind === 'receipt' ? (view.from === 'history' ? 'history' : 'sell') : view.kind;
  // On a phone the tabs scroll sideways: the open screen's tab is kept in view (Refund, Shift and
  // Settings sat past the right edge while open).
  useEffect(() => {
    tabs.current?.querySelector('.tab--on')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [tab]);
  return (
    <div className="shell">
      <header className="topbar no-print">
        <span className="brand">
          Kasir{' '}
          <span className="muted">
            {device.branchName} · {device.deviceName}
          </span>
        </span>
        <nav className="tabs" ref={tabs}>
          {TABS.map(([k, label]) => (
            <button
              type="button"
              key={k}
              data-testid={`nav-${k}`}
              className={tab === k ? 'tab tab--on' : 'tab'}
              onClick={() => setView({ kind: k })}
            >
              {t(label)}
            </button>
          ))}
        </nav>
        <StaffBadge />
        <SyncHeader status={status} now={now} onOpenDashboard={() => setView({ kind: 'sync' })} />
      </header>
      <PrintQueueBar queue={printing.queue} />
      <main className="content" ref={content}>
        {view.kind === 'sell' && drawer.open === null && (drawer.shiftsUsed || branch.requireShift) && (
          <div className="warning shift-reminder" role="status" data-testid="shift-reminder">
            <span>{t(branch.requireShift ? 'drawer.shiftRequired' : 'drawer.noShiftReminder')}</span>
            <button type="button" onClick={() => setView({ kind: 'shift', backToSell: true })}>
              {t('drawer.open')}
            </button>
          </div>
        )}
        {view.kind === 'sell' && (
          <CustomerBar
            client={client}
            customer={carts.cart.customer ?? null}
            onChange={(customer) => carts.dispatch({ type: 'setCustomer', customer })}
            notify={notify}
          />
        )}
        {view.kind === 'sell' && (
          <SellScreen
            client={client}
            catalogVersion={catalogVersion}
            cart={carts.cart}
            dispatch={carts.dispatch}
            held={carts.held}
            onHold={carts.hold}
            onResume={carts.resume}
            tax={tax}
            branch={branch}
            checkQris={checkQris}
            quantityLimit={shop.quantityLimit}
            unusualTotal={shop.unusualTotal}
            synced={status.lastSyncedAt !== null}
            pictures={status.lastSyncedAt !== null && painted}
            serverUrl={device.serverUrl}
            cashierName={staff.current?.name ?? device.deviceName}
            notify={notify}
            onSold={(sale) => {
              // The cart (and its customer) is cleared by the sale; this render's cart still names
              // them, for the receipt printed at once.
              const customer = carts.cart.customer;
              setView({
                kind: 'receipt',
                sale,
                from: 'sell',
                ...(customer === undefined || sale.input.customerId !== customer.id
                  ? {}
                  : { customerName: customer.name }),
              });
            }}
            shiftId={drawer.open?.shiftId}
            customerId={carts.cart.customer?.id}
          />
        )}
        {view.kind === 'receipt' && (
          <ReceiptScreen
            {...receiptEnv}
            sale={view.sale}
            syncVersion={saleSyncVersion}
            customerName={view.customerName}
            justSold={view.from === 'sell'}
            doneLabel={view.from === 'sell' ? 'newSale' : 'back'}
            onDone={() => setView({ kind: view.from })}
          />
        )}
        {/* The first receipt after a start is as quick as the rest (receipt-warm-up.tsx). */}
        <ReceiptWarmUp {...receiptEnv} />
        {view.kind === 'history' && (
          <SalesHistory
            client={client}
            syncVersion={catalogVersion}
            deviceId={device.deviceId}
            refunds={drawer.refunds}
            onOpen={(sale) => setView({ kind: 'receipt', sale, from: 'history' })}
          />
        )}
        {view.kind === 'receive' && (
          <>
            <ReceiveScreen client={client} notify={notify} />
            <IncomingTransfers client={client} branchId={device.branchId} notify={notify} />
          </>
        )}
        {view.kind === 'count' && <CountScreen client={client} notify={notify} />}
        {view.kind === 'shift' && (
          <ShiftScreen
            client={client}
            device={device}
            drawer={drawer}
            onDrawerChange={changeDrawer}
            staff={staff}
            notify={notify}
            printReport={(label, lines) => printing.printLines(label, lines, settings.paperWidth)}
            onOpened={() => {
              if (view.backToSell === true) setView({ kind: 'sell' });
            }}
            paperWidth={settings.paperWidth}
            openDrawer={() =>
              openDrawerWithoutSale({
                requirePermission: staff.requirePermission,
                audit: staff.audit,
                kick: () => printing.kickDrawer(),
              })
            }
          />
        )}
        {view.kind === 'refund' && (
          <RefundScreen
            client={client}
            syncVersion={catalogVersion}
            drawer={drawer}
            onDrawerChange={changeDrawer}
            staff={staff}
            notify={notify}
            receiptFrom={{
              ...receiptShopOf(branch, settings, device.branchName),
              cashier: staff.current?.name ?? device.deviceName,
            }}
            printing={printing}
            paperWidth={settings.paperWidth}
            print={env.print}
            requireShift={branch.requireShift}
          />
        )}
        {view.kind === 'sync' && <SyncDashboard client={client} status={status} notify={notify} />}
        {view.kind === 'sync' && (
          <SyncActivity client={client} status={status} device={device} notify={notify} />
        )}
        {view.kind === 'settings' && (
          <SettingsScreen
            client={client}
            status={status}
            device={device}
            settings={settings}
            branchSettings={branchSettings}
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
        {view.kind === 'settings' && (
          <PrinterPanel
            printing={printing}
            navigator={printerNavigatorOf(env.navigator)}
            paperWidth={settings.paperWidth}
            notify={notify}
          />
        )}
      </main>
      <Snackbars snacks={snacks} />
    </div>
  );
}
