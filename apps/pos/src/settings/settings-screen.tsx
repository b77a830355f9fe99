import type { SyncClient, SyncStatus } from '@kasir/sync';
import { useEffect, useState } from 'react';
import { useT } from '@kasir/ui';
import { LANGUAGES, isLanguage } from '../i18n/language.ts';
import { normalizeServerUrl, type PairedDevice } from '../pairing/paired-device.ts';
import type { Notify } from '../sync-status/use-snackbars.ts';
import { DeviceActions } from './device-actions.tsx';
import { StorageUse } from './storage-use.tsx';
import type { Settings } from './settings.ts';
import { TextField } from '../shared/text-field.tsx';

export interface SettingsScreenProps {
  readonly client: SyncClient;
  readonly status: SyncStatus;
  readonly device: PairedDevice;
  readonly settings: Settings;
  readonly persisted: boolean;
  readonly notify: Notify;
  readonly onSettingsChange: (s: Settings) => void;
  readonly onServerUrlChange: (url: string) => void;
  readonly onSignOut: () => void;
}

/** Server URL, sync actions, language, paper width, prices, receipt lines and device info. */
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

  const set = <K extends keyof Settings>(key: K, value: Settings[K]): void =>
    onSettingsChange({ ...settings, [key]: value });

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
            value={settings.paperWidth}
            onChange={(e) => set('paperWidth', e.target.value === '80' ? 80 : 58)}
          >
            <option value="58">58 mm</option>
            <option value="80">80 mm</option>
          </select>
        </label>
        <label>
          {t('settings.priceMode')}
          <select
            value={settings.priceMode}
            onChange={(e) => set('priceMode', e.target.value === 'exclusive' ? 'exclusive' : 'inclusive')}
          >
            <option value="inclusive">{t('settings.inclusive')}</option>
            <option value="exclusive">{t('settings.exclusive')}</option>
          </select>
        </label>
        <label>
          {t('settings.header')}
          <textarea
            rows={2}
            value={settings.receiptHeader}
            onChange={(e) => set('receiptHeader', e.target.value)}
          />
        </label>
        <label>
          {t('settings.footer')}
          <input value={settings.receiptFooter} onChange={(e) => set('receiptFooter', e.target.value)} />
        </label>
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
