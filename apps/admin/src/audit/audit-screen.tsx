import { AUDIT_ACTIONS, type AuditEntry, type AuditPage } from '@kasir/protocol';
import { formatDateTime, useT, type Locale } from '@kasir/ui';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { BranchSelect } from '../common/branch-select.tsx';
import { useDevices, useStaffList } from '../common/queries.ts';
import { DateRangeFields } from '../common/date-range-fields.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { useKeysetPages } from '../common/use-keyset-pages.ts';
import { VirtualList } from '../common/virtual-list.tsx';
import { Field } from '../common/field.tsx';

/** Every action the filter offers: the protocol's list and the picture uploads the server notes too. */
const FILTERABLE: readonly string[] = [...AUDIT_ACTIONS, 'product.image'];

/** Who did what, newest first (owner only). */
export function AuditScreen() {
  const { t, language } = useT();
  const api = useApi();
  const params = useQueryParams();
  const f = params.pick('branchId', 'action', 'staffId', 'deviceId', 'from', 'to');
  const devices = useDevices(f.branchId, 60_000);
  const staff = useStaffList('');
  const staffName = (id: string | null) => staff.data?.find((s) => s.id === id)?.name ?? id ?? '';
  const { pages, items, loadMore } = useKeysetPages<AuditEntry, AuditPage>(['audit', f], (cursor) =>
    api.get<AuditPage>('/api/admin/audit', { ...f, cursor, limit: 100 }),
  );
  const actor = (e: AuditEntry) =>
    e.actor.kind === 'token'
      ? t('audit.token')
      : e.actor.kind === 'device'
        ? `${t('audit.till')} · ${e.actor.staffName ?? '—'}${e.actor.approvedBy === null ? '' : ` · ${t('audit.approvedBy', { name: staffName(e.actor.approvedBy) })}`}`
        : e.actor.username;
  /**
   * What happened, in words (the code stays the filter's value and the row's tooltip); an action
   * this version does not name shows its code. A supervisor's PIN says what it was given for.
   */
  const nameOfAction = (action: string): string => {
    const key = `audit.actions.${action.replace(/\./g, '_')}`;
    const name = t(key);
    return name === key ? action : name;
  };
  const actionName = (e: AuditEntry): string => {
    const name = nameOfAction(e.action);
    if (name === e.action) return e.action;
    const what = e.details?.['approvedAction'];
    if (e.action !== 'till.override' || typeof what !== 'string') return name;
    const whatKey = `audit.approved.${what}`;
    const whatName = t(whatKey);
    return t('audit.approvedFor', { action: name, what: whatName === whatKey ? what : whatName });
  };
  return (
    <section className="screen">
      <h1>{t('audit.title')}</h1>
      <div className="filters">
        <BranchSelect value={f.branchId} onChange={(id) => params.set({ branchId: id })} />
        <Field label={t('audit.action')}>
          {/* Chosen by name; the URL keeps the code (an action this version does not list still filters). */}
          <select
            value={f.action}
            data-testid="audit-action-filter"
            onChange={(e) => params.set({ action: e.target.value })}
          >
            <option value="">{t('audit.anyAction')}</option>
            {FILTERABLE.includes(f.action) || f.action === '' ? null : (
              <option value={f.action}>{f.action}</option>
            )}
            {FILTERABLE.map((a) => (
              <option key={a} value={a}>
                {nameOfAction(a)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.staff')}>
          <select
            value={f.staffId}
            data-testid="audit-staff"
            onChange={(e) => params.set({ staffId: e.target.value })}
          >
            <option value="">{t('audit.anyStaff')}</option>
            {staff.data?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('audit.till')}>
          <select
            value={f.deviceId}
            data-testid="audit-device"
            onChange={(e) => params.set({ deviceId: e.target.value })}
          >
            <option value="">{t('audit.anyTill')}</option>
            {devices.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <DateRangeFields />
      </div>
      <ErrorNote error={pages.error} />
      <VirtualList<AuditEntry>
        items={items}
        rowHeight={56}
        rowKey={(e) => e.id}
        onEndReached={loadMore}
        renderRow={(e) => (
          <div className="arow">
            <span className="arow__main" title={e.action}>
              <strong data-testid="audit-action">{actionName(e)}</strong>
              <small className="muted">
                {e.summary} · {actor(e)}
                {e.ip === null ? '' : ` · ${e.ip}`}
              </small>
            </span>
            <span className="muted small">{formatDateTime(e.at, language as Locale)}</span>
          </div>
        )}
      />
    </section>
  );
}
