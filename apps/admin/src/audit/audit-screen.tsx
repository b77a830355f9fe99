import type { AuditEntry, AuditPage } from '@kasir/protocol';
import { formatDateTime, useT, type Locale } from '@kasir/ui';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { BranchSelect } from '../shared/branch-select.tsx';
import { DateRangeFields } from '../shared/date-range-fields.tsx';
import { ErrorNote } from '../shared/error-note.tsx';
import { useKeysetPages } from '../shared/use-keyset-pages.ts';
import { VirtualList } from '../shared/virtual-list.tsx';
import { Field } from '../shared/field.tsx';

/** Who did what, newest first (owner only). */
export function AuditScreen() {
  const { t, language } = useT();
  const api = useApi();
  const params = useQueryParams();
  const f = params.pick('branchId', 'action', 'from', 'to');
  const { pages, items, loadMore } = useKeysetPages<AuditEntry, AuditPage>(['audit', f], (cursor) =>
    api.get<AuditPage>('/api/admin/audit', { ...f, cursor, limit: 100 }),
  );
  const actor = (e: AuditEntry) =>
    e.actor.kind === 'token'
      ? t('audit.token')
      : e.actor.kind === 'device'
        ? (e.actor.staffName ?? '—')
        : e.actor.username;
  return (
    <section className="screen">
      <h1>{t('audit.title')}</h1>
      <div className="filters">
        <BranchSelect value={f.branchId} onChange={(id) => params.set({ branchId: id })} />
        <Field label={t('audit.action')}>
          <input
            placeholder="product.import"
            value={f.action}
            onChange={(e) => params.set({ action: e.target.value }, { replace: true })}
          />
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
            <span className="arow__main">
              <strong>{e.summary}</strong>
              <small className="muted">
                <span className="mono">{e.action}</span> · {actor(e)}
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
