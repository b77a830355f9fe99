import type { AdminSaleListItem, AdminSalePage } from '@kasir/protocol';
import { formatCount, formatDateTime, formatRupiah, useT, type Locale } from '@kasir/ui';
import { useNavigate } from 'react-router';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { BranchSelect } from '../shared/branch-select.tsx';
import { DateRangeFields } from '../shared/date-range-fields.tsx';
import { ErrorNote } from '../shared/error-note.tsx';
import { useDevices } from '../shared/queries.ts';
import { useKeysetPages } from '../shared/use-keyset-pages.ts';
import { VirtualList } from '../shared/virtual-list.tsx';

const METHODS = ['cash', 'qris', 'ewallet', 'card', 'transfer'] as const;
const FLAGS = [
  'any',
  'negative_stock',
  'price_deviation',
  'duplicate_invoice_number',
  'deleted_product',
  'inactive_product',
  'invoice_number_mismatch',
] as const;

/** Sales with filters in the URL, their totals, and the flagged view (`flag=any`). */
export function SalesScreen() {
  const { t, language } = useT();
  const locale = language as Locale;
  const api = useApi();
  const navigate = useNavigate();
  const params = useQueryParams();
  const f = {
    branchId: params.get('branchId'),
    from: params.get('from'),
    to: params.get('to'),
    deviceId: params.get('deviceId'),
    method: params.get('method'),
    flag: params.get('flag'),
  };
  const devices = useDevices(f.branchId, 60_000);
  const { pages, items, loadMore, firstPage } = useKeysetPages<AdminSaleListItem, AdminSalePage>(
    ['sales', f],
    (cursor) => api.get<AdminSalePage>('/api/admin/sales', { ...f, cursor, limit: 100 }),
    10_000,
  );
  const totals = firstPage?.totals;
  const flagged = f.flag !== '';
  return (
    <section className="screen">
      <div className="screen__head">
        <h1>{t('sales.title')}</h1>
        <div className="segmented" role="group">
          <button
            type="button"
            className={flagged ? '' : 'on'}
            onClick={() => params.set({ flag: undefined })}
          >
            {t('sales.all')}
          </button>
          <button
            type="button"
            className={flagged ? 'on' : ''}
            onClick={() => params.set({ flag: 'any' })}
            data-testid="flagged-tab"
          >
            {t('sales.flagged')}
          </button>
        </div>
      </div>
      <div className="filters">
        <BranchSelect
          value={f.branchId}
          onChange={(id) => params.set({ branchId: id, deviceId: undefined })}
        />
        <DateRangeFields />
        <label className="field">
          <span>{t('common.device')}</span>
          <select value={f.deviceId} onChange={(e) => params.set({ deviceId: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {devices.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.code})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('common.method')}</span>
          <select value={f.method} onChange={(e) => params.set({ method: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`methods.${m}`)}
              </option>
            ))}
          </select>
        </label>
        {flagged && (
          <label className="field">
            <span>{t('sales.flag')}</span>
            <select value={f.flag} onChange={(e) => params.set({ flag: e.target.value })}>
              {FLAGS.map((x) => (
                <option key={x} value={x}>
                  {t(`sales.flags.${x}`)}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ErrorNote error={pages.error} />
      {totals !== undefined && (
        <div className="tiles tiles--small" data-testid="sales-totals">
          <div className="tile">
            <span className="tile__label">{t('sales.count')}</span>
            <strong className="tile__value">{formatCount(totals.count, locale)}</strong>
          </div>
          <div className="tile">
            <span className="tile__label">{t('dashboard.gross')}</span>
            <strong className="tile__value">{formatRupiah(totals.gross)}</strong>
          </div>
          <div className="tile">
            <span className="tile__label">{t('dashboard.discounts')}</span>
            <strong className="tile__value">{formatRupiah(totals.discount)}</strong>
          </div>
          <div className="tile">
            <span className="tile__label">{t('dashboard.tax')}</span>
            <strong className="tile__value">{formatRupiah(totals.tax)}</strong>
          </div>
          <p className="tiles__methods muted small">
            {totals.byMethod.map((m) => `${t(`methods.${m.method}`)} ${formatRupiah(m.amount)}`).join(' · ')}
          </p>
        </div>
      )}
      {pages.isSuccess && items.length === 0 && <p className="empty">{t('sales.none')}</p>}
      <VirtualList<AdminSaleListItem>
        testId="sales-list"
        items={items}
        rowHeight={60}
        rowKey={(s) => s.id}
        onEndReached={loadMore}
        header={
          <div className="srow srow--head" aria-hidden="true">
            <span>{t('sales.invoice')}</span>
            <span className="hide-sm">{t('common.device')}</span>
            <span className="num">{t('sales.total')}</span>
          </div>
        }
        renderRow={(s) => (
          <button type="button" className="srow" onClick={() => void navigate(`/sales/${s.id}`)}>
            <span className="srow__main">
              <strong className="mono">{s.invoiceNumber}</strong>
              <small className="muted">
                {formatDateTime(s.receivedAt, locale)} · {t('sales.items', { count: s.itemCount })} ·{' '}
                {s.methods.map((m) => t(`methods.${m}`)).join(', ')}
              </small>
            </span>
            <span className="hide-sm muted">{s.deviceName}</span>
            <span className="num">
              {formatRupiah(s.total)}
              {s.flags.map((fl) => (
                <span key={fl} className="badge badge--warn">
                  {t(`sales.flags.${fl}`)}
                </span>
              ))}
            </span>
          </button>
        )}
      />
    </section>
  );
}
