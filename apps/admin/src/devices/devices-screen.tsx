import type {
  AdminDevice,
  DeviceCommandResult,
  DeviceCommandType,
  DeviceCreated,
  PairingCodeResponse,
} from '@kasir/protocol';
import { Button, formatAgo, useT, type Locale } from '@kasir/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { BranchSelect } from '../common/branch-select.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { useBranches, useDevices } from '../common/queries.ts';
import { PairingDialog } from './pairing-dialog.tsx';
import { Field } from '../common/field.tsx';

/** Devices per branch with their health; add (pairing code + QR), revoke, sync now, re-download. */
export function DevicesScreen() {
  const { t, language } = useT();
  const locale = language as Locale;
  const api = useApi();
  const client = useQueryClient();
  const params = useQueryParams();
  const branchId = params.get('branchId');
  const branches = useBranches();
  const devices = useDevices(branchId, 5_000);
  const [pairing, setPairing] = useState<{ id: string; name: string; code: PairingCodeResponse } | null>(
    null,
  );
  const [notice, setNotice] = useState('');
  const [newName, setNewName] = useState('');
  const [newBranch, setNewBranch] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: ['devices'] });

  const pairingCode = useMutation({
    mutationFn: async (d: { id: string; name: string }) => ({
      ...d,
      code: await api.send<PairingCodeResponse>('POST', `/api/admin/devices/${d.id}/pairing-code`),
    }),
    onSuccess: setPairing,
  });
  const add = useMutation({
    mutationFn: (body: { branchId: string; name: string }) =>
      api.send<DeviceCreated>('POST', '/api/admin/devices', body),
    onSuccess: async (created, body) => {
      setNewName('');
      await refresh();
      pairingCode.mutate({ id: created.id, name: body.name });
    },
  });
  const command = useMutation({
    mutationFn: (c: { device: AdminDevice; type: DeviceCommandType }) =>
      api.send<DeviceCommandResult>('POST', `/api/admin/devices/${c.device.id}/commands`, { type: c.type }),
    onSuccess: (r, c) =>
      setNotice(t(r.delivered ? 'devices.sent' : 'devices.queued', { name: c.device.name })),
  });
  const revoke = useMutation({
    mutationFn: (d: AdminDevice) => api.send('DELETE', `/api/admin/devices/${d.id}`),
    onSuccess: refresh,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const target = branchId || newBranch;
    if (target !== '') add.mutate({ branchId: target, name: newName.trim() });
  };
  const branchName = (id: string) => {
    const b = branches.data?.find((x) => x.id === id);
    return b === undefined ? '' : `${b.code} · ${b.name}`;
  };
  const now = Date.now();
  const list = devices.data ?? [];
  return (
    <section className="screen">
      <div className="screen__head">
        <h1>{t('devices.title')}</h1>
        <BranchSelect value={branchId} onChange={(id) => params.set({ branchId: id })} />
      </div>
      <form className="card row" onSubmit={submit}>
        <Field label={t('devices.name')} grow>
          <input
            required
            maxLength={100}
            placeholder="Kasir 3"
            value={newName}
            onChange={(e) => setNewName(e.target.value)}
            data-testid="new-device-name"
          />
        </Field>
        {branchId === '' && <BranchSelect value={newBranch} onChange={setNewBranch} allowAll={false} />}
        <Button type="submit" variant="primary" disabled={add.isPending}>
          {t('devices.add')}
        </Button>
      </form>
      <ErrorNote error={add.error ?? pairingCode.error ?? command.error ?? revoke.error ?? devices.error} />
      {notice !== '' && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {devices.isSuccess && list.length === 0 && <p className="empty">{t('devices.none')}</p>}
      <div className="device-grid" data-testid="device-list">
        {list.map((d) => {
          const h = d.health;
          const revoked = d.revokedAt !== null;
          return (
            <article key={d.id} className={`card device ${revoked ? 'device--revoked' : ''}`}>
              <header className="row spread">
                <h2>
                  {d.name} <span className="muted">{d.code}</span>
                </h2>
                <span className={`badge ${revoked ? 'badge--muted' : h.online ? 'badge--ok' : 'badge--off'}`}>
                  {revoked ? t('devices.revoked') : h.online ? t('devices.online') : t('devices.offline')}
                </span>
              </header>
              {branchId === '' && <p className="muted small">{branchName(d.branchId)}</p>}
              <dl className="facts">
                <dt>{t('devices.lastSeen')}</dt>
                <dd>{h.lastSeenAt === null ? t('common.never') : formatAgo(h.lastSeenAt, now, locale)}</dd>
                <dt>{t('devices.lastSync')}</dt>
                <dd>{h.lastSyncAt === null ? t('common.never') : formatAgo(h.lastSyncAt, now, locale)}</dd>
                <dt>{t('devices.unsynced')}</dt>
                <dd className={h.unsyncedSales !== null && h.unsyncedSales > 0 ? 'warn-text' : ''}>
                  {h.unsyncedSales === null
                    ? '—'
                    : h.unsyncedSales === 0 || h.oldestUnsyncedAt === null
                      ? '0'
                      : t('devices.unsyncedCount', {
                          count: h.unsyncedSales,
                          age: formatAgo(h.oldestUnsyncedAt, now, locale),
                        })}
                </dd>
                <dt>{t('devices.audit')}</dt>
                <dd
                  data-testid="device-audit"
                  className={h.audit && h.audit.kind !== 'ok' ? 'warn-text' : ''}
                >
                  {h.audit
                    ? `${t(`devices.auditKind.${h.audit.kind}`, { ...h.audit })} · ${formatAgo(h.audit.at, now, locale)}`
                    : '—'}
                </dd>
                {h.storeLost && (
                  <>
                    <dt>{t('devices.storeLost')}</dt>
                    <dd data-testid="device-store-lost" className="warn-text">
                      {`${t('devices.storeLostDetail', { count: h.storeLost.restored })} · ${formatAgo(h.storeLost.at, now, locale)}`}
                    </dd>
                  </>
                )}
                <dt>{t('devices.version')}</dt>
                <dd>
                  {h.appVersion ?? '—'} · protocol {h.protocolVersion ?? '—'}
                </dd>
              </dl>
              {!revoked && (
                <div className="row actions">
                  <Button small onClick={() => pairingCode.mutate({ id: d.id, name: d.name })}>
                    {t('devices.pairingCode')}
                  </Button>
                  <Button small onClick={() => command.mutate({ device: d, type: 'sync_now' })}>
                    {t('devices.syncNow')}
                  </Button>
                  <Button
                    small
                    onClick={() =>
                      window.confirm(t('devices.redownloadConfirm', { name: d.name })) &&
                      command.mutate({ device: d, type: 'redownload' })
                    }
                  >
                    {t('devices.redownload')}
                  </Button>
                  <Button
                    small
                    variant="danger"
                    onClick={() =>
                      window.confirm(t('devices.revokeConfirm', { name: d.name })) && revoke.mutate(d)
                    }
                  >
                    {t('devices.revoke')}
                  </Button>
                </div>
              )}
            </article>
          );
        })}
      </div>
      {pairing !== null && (
        <PairingDialog
          deviceName={pairing.name}
          pairing={pairing.code}
          onNewCode={() => pairingCode.mutate({ id: pairing.id, name: pairing.name })}
          onClose={() => setPairing(null)}
        />
      )}
    </section>
  );
}
