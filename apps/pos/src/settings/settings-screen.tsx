import type { SyncClient, SyncStatus } from '@kasir/sync';
import { useEffect, useState } from 'react';
import { useT } from '@kasir/ui';
import { LANGUAGES, isLanguage } from '../i18n/language.ts';
import { normalizeServerUrl, type PairedDevice } from '../pairing/paired-device.ts';
import type { Notify } from '../sync-status/use-snackbars.ts';
import { DeviceActions } from './device-actions.tsx';
import { StorageUse } from './storage-use.tsx';
import { branchOrDefault, type DevicePreferences, type Settings } from './settings.ts';
import { branchPaymentSettingsOf } from './branch-payment-settings.ts';
import { formatRupiah, type TillBranchSettings } from '@kasir/protocol';
import { TextField } from '../common/text-field.tsx';

export interface SettingsScreenProps {
  readonly client: SyncClient;
  readonly status: SyncStatus;
  readonly device: PairedDevice;
  readonly settings: Settings;
  /** The branch's shop-wide settings as last pulled (null before the first pull). */
  readonly branchSettings: TillBranchSettings | null;
  readonly persisted: boolean;
  readonly notify: Notify;
  readonly onSettingsChange: (s: DevicePreferences) => void;
  readonly onServerUrlChange: (url: string) => void;
  readonly onSignOut: () => void;
}

/**
 * Server URL, sync actions, language, this till's printer paper, the branch's shop-wide settings
 * (read-only: they are edited in the back office) and device info.
 */
export function SettingsScreen(props: SettingsScreenProps) {
  const { client, status, device, settings, onSettingsChange } = props;
  const { t } = useT();
  const [serverUrl, setServerUrl] = useState(device.serverUrl);
  // null until counted: sign-out and reset stay disabled until the count is known.
  const [unsynced, setUnsynced] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    client
      .listOutbox()
      .then((entries) => {
        const n = entries.filter(
          (e) => e.mutation.type === 'sale.create' && e.state.kind !== 'synced',
        ).length;
        if (live) setUnsynced(n);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, status.pending, status.failed]);

  const branch = branchOrDefault(props.branchSettings);
  // The rules that may be missing from settings a till stored before they existed, read safely.
  const rules = branchPaymentSettingsOf(props.branchSettings);
  const set = <K extends keyof DevicePreferences>(key: K, value: DevicePreferences[K]): void =>
    onSettingsChange({
      language: settings.language,
      printerPaperWidth: settings.printerPaperWidth,
      [key]: value,
    });

  return (
    <div className="settings" data-testid="settings">
      <h2>{t('settings.title')}</h2>
      <section className="card">
        <label>
          {t('settings.language')}
          <select
            data-testid="language"
            value={settings.language}
            onChange={(e) => {
              if (isLanguage(e.target.value)) set('language', e.target.value);
            }}
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('settings.paper')}
          <select
            data-testid="paper-width"
            value={settings.printerPaperWidth ?? 'branch'}
            onChange={(e) =>
              set('printerPaperWidth', e.target.value === '80' ? 80 : e.target.value === '58' ? 58 : null)
            }
          >
            <option value="branch">{t('till.settings.paperBranch', { width: branch.paperWidth })}</option>
            <option value="58">58 mm</option>
            <option value="80">80 mm</option>
          </select>
        </label>
      </section>
      <section className="card" data-testid="branch-settings">
        <h3>{t('till.settings.shopWide')}</h3>
        <p className="muted">{t('till.settings.shopWideHint')}</p>
        <dl className="info">
          <dt>{t('settings.priceMode')}</dt>
          <dd data-testid="branch-price-mode">
            {!rules.pkp
              ? t('settings.notPkp')
              : settings.priceMode === 'exclusive'
                ? t('settings.exclusive')
                : t('settings.inclusive')}
          </dd>
          <dt>{t('till.settings.rounding')}</dt>
          <dd>
            {branch.cashRounding === 0 ? t('till.settings.noRounding') : formatRupiah(branch.cashRounding)}
          </dd>
          <dt>{t('till.settings.quantityLimit')}</dt>
          <dd data-testid="branch-quantity-limit">{branch.quantityLimit}</dd>
          <dt>{t('till.settings.receiptLanguage')}</dt>
          <dd data-testid="branch-receipt-language">{t(`language.${rules.receiptLanguage}`)}</dd>
          <dt>{t('till.settings.requireShift')}</dt>
          <dd>{rules.requireShift ? t('till.settings.yes') : t('till.settings.no')}</dd>
          <dt>{t('till.settings.discountApproval')}</dt>
          <dd>
            {rules.discountApprovalPercent >= 100
              ? t('till.settings.never')
              : `${rules.discountApprovalPercent}%`}
          </dd>
          <dt>{t('settings.header')}</dt>
          <dd>{settings.receiptHeader === '' ? '—' : settings.receiptHeader}</dd>
          <dt>{t('settings.footer')}</dt>
          <dd>{settings.receiptFooter}</dd>
        </dl>
      </section>
      <section className="card">
        <TextField
          label={t('settings.server')}
          testId="server-url"
          value={serverUrl}
          onChange={setServerUrl}
          action={
            <button
              type="button"
              disabled={normalizeServerUrl(serverUrl) === device.serverUrl || serverUrl.trim() === ''}
              onClick={() => props.onServerUrlChange(normalizeServerUrl(serverUrl))}
            >
              {t('settings.save')}
            </button>
          }
        />
      </section>
      <DeviceActions
        client={client}
        status={status}
        unsyncedSales={unsynced}
        notify={props.notify}
        onSignOut={props.onSignOut}
      />
      <StorageUse client={client} status={status} />
      <section className="card">
        <h3>{t('settings.device')}</h3>
        <dl className="info" data-testid="device-info">
          <dt>{t('settings.deviceName')}</dt>
          <dd>{device.deviceName}</dd>
          <dt>{t('settings.deviceCode')}</dt>
          <dd>{device.deviceCode}</dd>
          <dt>{t('settings.branch')}</dt>
          <dd>
            {device.branchName} ({device.branchCode})
          </dd>
          <dt>{t('settings.deviceId')}</dt>
          <dd>{device.deviceId}</dd>
          <dt>{t('settings.storage')}</dt>
          <dd>{props.persisted ? t('settings.persisted') : t('settings.notPersisted')}</dd>
          <dt>{t('nav.sync')}</dt>
          <dd>{status.leader ? t('settings.leader') : t('settings.follower')}</dd>
        </dl>
      </section>
    </div>
  );
}
