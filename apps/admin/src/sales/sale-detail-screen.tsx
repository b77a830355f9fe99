import type { AdminSaleDetail } from '@kasir/protocol';
import { formatDateTime, formatRupiah, useT, type Locale } from '@kasir/ui';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { useBack } from '../common/use-back.ts';

/**
 * One sale: lines, payments, PPN, device, created-on-device vs received times, flags. Its figures
 * read as the receipt the customer holds: each line with its own discount, the subtotal after
 * them, the cart's discount below it, PPN only where some was charged.
 */
export function SaleDetailScreen() {
  const { t, language } = useT();
  const locale = language as Locale;
  const api = useApi();
  const back = useBack('/sales');
  const { id = '' } = useParams();
  const sale = useQuery({
    queryKey: ['sale', id],
    queryFn: () => api.get<AdminSaleDetail>(`/api/admin/sales/${id}`),
  });
  const s = sale.data;
  return (
    <section className="screen narrow">
      <button type="button" className="back k-btn k-btn--link" onClick={() => void back()}>
        {t('common.back')}
      </button>
      <ErrorNote error={sale.error} />
      {s !== undefined && (
        <>
          <h1 className="mono">{t('sales.detail', { number: s.invoiceNumber })}</h1>
          <div className="row">
            {s.flags.map((f) => (
              <span key={f} className="badge badge--warn">
                {t(`sales.flags.${f}`)}
              </span>
            ))}
          </div>
          <dl className="facts card">
            <dt>{t('common.branch')}</dt>
            <dd>
              {s.branchCode} · {s.branchName}
            </dd>
            <dt>{t('common.device')}</dt>
            <dd>
              {s.deviceName} ({s.deviceCode})
            </dd>
            <dt>{t('sales.createdOnDevice')}</dt>
            <dd>{formatDateTime(s.createdAt, locale)}</dd>
            <dt>{t('sales.receivedAt')}</dt>
            <dd>{formatDateTime(s.receivedAt, locale)}</dd>
            {s.cashierName !== null && (
              <>
                <dt>{t('sales.cashier')}</dt>
                <dd>{s.cashierName}</dd>
              </>
            )}
            {s.approvedByName !== null && (
              <>
                <dt>{t('sales.approvedBy')}</dt>
                <dd data-testid="sale-approved-by">{s.approvedByName}</dd>
              </>
            )}
            {s.customer !== null && (
              <>
                <dt>{t('sales.customer')}</dt>
                <dd data-testid="sale-customer">
                  {s.customer.name} <span className="muted">{s.customer.phone}</span>
                </dd>
              </>
            )}
            {s.note !== null && (
              <>
                <dt>{t('sales.note')}</dt>
                <dd>{s.note}</dd>
              </>
            )}
          </dl>
          <div className="card table-wrap">
            <h2>{t('sales.lines')}</h2>
            <table className="table">
              <thead>
                <tr>
                  <th>{t('products.name')}</th>
                  <th className="num">{t('sales.qty')}</th>
                  <th className="num">{t('sales.unitPrice')}</th>
                  <th className="num">{t('sales.discount')}</th>
                  <th className="num">{t('sales.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {s.lines.map((l, i) => (
                  <tr key={`${l.productId}-${i}`}>
                    <td>
                      {l.name} <small className="muted">{l.sku}</small>
                    </td>
                    <td className="num">{l.quantity}</td>
                    <td className="num">{formatRupiah(l.unitPrice)}</td>
                    <td className="num">{l.discount === 0 ? '' : formatRupiah(-l.discount)}</td>
                    <td className="num">{formatRupiah(l.quantity * l.unitPrice - l.discount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="grid2">
            <dl className="facts card">
              <dt>{t('sales.subtotal')}</dt>
              <dd className="num">{formatRupiah(s.subtotal)}</dd>
              {s.discount > 0 && (
                <>
                  <dt>{t('sales.cartDiscount')}</dt>
                  <dd className="num" data-testid="sale-discount">
                    {formatRupiah(-s.discount)}
                  </dd>
                </>
              )}
              {s.taxes
                .filter((x) => x.tax > 0)
                .map((x) => (
                  <TaxRows key={x.taxRate} dpp={x.dpp} tax={x.tax} rate={x.nominalRate} />
                ))}
              {s.rounding !== undefined && (
                <>
                  <dt>{t('sales.rounding')}</dt>
                  <dd className="num" data-testid="sale-rounding">
                    {formatRupiah(s.rounding)}
                  </dd>
                </>
              )}
              <dt>
                <strong>{t('sales.total')}</strong>
              </dt>
              <dd className="num">
                <strong>{formatRupiah(s.total)}</strong>
              </dd>
            </dl>
            <dl className="facts card">
              {s.payments.map((p, i) => (
                <PaymentRow
                  key={i}
                  method={t(`methods.${p.method}`)}
                  amount={p.amount}
                  reference={[
                    p.reference,
                    p.cardLast4 === undefined ? null : `**** ${p.cardLast4}`,
                    p.approvalCode === undefined ? null : t('sales.approval', { code: p.approvalCode }),
                  ]
                    .filter((x) => x !== null)
                    .join(' · ')}
                />
              ))}
              <dt>{t('sales.paid')}</dt>
              <dd className="num">{formatRupiah(s.paid)}</dd>
              <dt>{t('sales.change')}</dt>
              <dd className="num">{formatRupiah(s.change)}</dd>
            </dl>
          </div>
          {s.refunds.length > 0 && (
            <div className="card table-wrap" data-testid="sale-refunds">
              <h2>{t('sales.refunds')}</h2>
              <table className="table">
                <tbody>
                  {s.refunds.map((r) => (
                    <tr key={r.id}>
                      <td>{formatDateTime(r.createdAt, locale)}</td>
                      <td>
                        {t(`refunds.reasons.${r.reason}`)} · {r.deviceName}
                      </td>
                      <td>{t(r.method === 'cash' ? 'refunds.cash' : 'refunds.original')}</td>
                      <td className="num">{formatRupiah(r.total)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th colSpan={3}>{t('sales.kept')}</th>
                    <th className="num" data-testid="sale-kept">
                      {formatRupiah(s.total - s.refunds.reduce((sum, r) => sum + r.total, 0))}
                    </th>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function TaxRows({ dpp, tax, rate }: { readonly dpp: number; readonly tax: number; readonly rate: number }) {
  const { t } = useT();
  return (
    <>
      <dt>
        {t('sales.dpp')} · {t('sales.tax')} {rate}%
      </dt>
      <dd className="num">
        {formatRupiah(dpp)} · {formatRupiah(tax)}
      </dd>
    </>
  );
}

function PaymentRow({
  method,
  amount,
  reference,
}: {
  readonly method: string;
  readonly amount: number;
  readonly reference: string | null;
}) {
  return (
    <>
      <dt>
        {method}
        {reference === null || reference === '' ? '' : ` (${reference})`}
      </dt>
      <dd className="num">{formatRupiah(amount)}</dd>
    </>
  );
}
