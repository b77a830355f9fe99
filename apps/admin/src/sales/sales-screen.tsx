import { ANY_SALE_FLAG, PaymentMethod, type AdminSaleListItem, type AdminSalePage } from '@kasir/protocol';
import { formatCount, formatDateTime, formatRupiah, useT, type Locale } from '@kasir/ui';
import { useNavigate } from 'react-router';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { BranchSelect } from '../common/branch-select.tsx';
import { DateRangeFields } from '../common/date-range-fields.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { useDevices } from '../common/queries.ts';
import { useKeysetPages } from '../common/use-keyset-pages.ts';
import { VirtualList } from '../common/virtual-list.tsx';
import { Tile } from '../common/tile.tsx';
import { Segmented } from '../common/segmented.tsx';
import { Field } from '../common/field.tsx';

const FLAGS = [
  ANY_SALE_FLAG,
  'negative_stock',
  'price_deviation',
  'duplicate_invoice_number',
  'deleted_product',
  'inactive_product',
  'invoice_number_mismatch',
  'unknown_staff',
] as const;

/** Sales with filters in the URL, their totals, and the flagged view (`flag=any`). */
export function SalesScreen() {
  const { t, language } = useT();
  const locale = language as Locale;
  const api = useApi();
  const navigate = useNavigate();
  const params = useQueryParams();
  const f = params.pick('branchId', 'from', 'to', 'deviceId', 'method', 'flag');
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
        <Segmented
          options={[
            { label: t('sales.all'), on: !flagged, onSelect: () => params.set({ flag: undefined }) },
            {
              label: t('sales.flagged'),
              on: flagged,
              onSelect: () => params.set({ flag: ANY_SALE_FLAG }),
              testId: 'flagged-tab',
            },
          ]}
        />
      </div>
      <div className="filters">
        <BranchSelect
          value={f.branchId}
          onChange={(id) => params.set({ branchId: id, deviceId: undefined })}
        />
        <DateRangeFields />
        <Field label={t('common.device')}>
          <select value={f.deviceId} onChange={(e) => params.set({ deviceId: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {devices.data?.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} ({d.code})
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('common.method')}>
          <select value={f.method} onChange={(e) => params.set({ method: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {PaymentMethod.options.map((m) => (
              <option key={m} value={m}>
                {t(`methods.${m}`)}
              </option>
            ))}
          </select>
        </Field>
        {flagged && (
          <Field label={t('sales.flag')}>
            <select value={f.flag} onChange={(e) => params.set({ flag: e.target.value })}>
              {FLAGS.map((x) => (
                <option key={x} value={x}>
                  {t(`sales.flags.${x}`)}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      <ErrorNote error={pages.error} />
      {totals !== undefined && (
        <div className="tiles tiles--small" data-testid="sales-totals">
          <Tile label={t('sales.count')} value={formatCount(totals.count, locale)} />
          <Tile label={t('dashboard.gross')} value={formatRupiah(totals.gross)} />
          <Tile label={t('dashboard.discounts')} value={formatRupiah(totals.discount)} />
          <Tile label={t('sales.taxBeforeRefunds')} value={formatRupiah(totals.tax)} />
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
              {s.refunded > 0 && (
                <span className="badge" data-testid="sale-refunded">
                  {s.voided
                    ? t('sales.voidedBadge')
                    : t('sales.refundedBadge', { amount: formatRupiah(s.refunded) })}
                </span>
              )}
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
