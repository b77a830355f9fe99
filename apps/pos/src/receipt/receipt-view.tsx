import { formatRupiah } from '@kasir/protocol';
import { useT } from '@kasir/ui';
import type { PaperWidth } from '../settings/settings.ts';
import type { ReceiptModel } from './receipt-model.ts';

const dateFormat = (language: string): Intl.DateTimeFormat =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'short', timeStyle: 'short' });

/** The receipt as printed on 58 mm or 80 mm thermal paper (see the print CSS). */
export function ReceiptView({
  receipt,
  paperWidth,
}: {
  readonly receipt: ReceiptModel;
  readonly paperWidth: PaperWidth;
}) {
  const { t, language } = useT();
  const r = receipt;
  return (
    <article className={`receipt receipt--${paperWidth}`} data-testid="receipt">
      {r.copy && (
        <p className="receipt__copy" data-testid="receipt-copy">
          {t('receipt.copy')}
        </p>
      )}
      <header className="receipt__shop">
        <strong>{r.shopName}</strong>
        {r.headerLines.map((l, i) => (
          <span key={i}>{l}</span>
        ))}
      </header>
      <div className="receipt__meta">
        <span>
          {t('receipt.number')}: <span data-testid="receipt-number">{r.invoiceNumber}</span>
        </span>
        <span>
          {t('receipt.date')}: {dateFormat(language).format(new Date(r.createdAt))}
        </span>
        <span>
          {t('receipt.cashier')}: {r.cashier}
        </span>
      </div>
      <hr />
      <ul className="receipt__lines">
        {r.lines.map((l, i) => (
          <li key={i}>
            <span className="receipt__name">{l.name}</span>
            <span className="receipt__row">
              <span>
                {l.quantity} × {formatRupiah(l.unitPrice)}
              </span>
              <span>{formatRupiah(l.quantity * l.unitPrice)}</span>
            </span>
            {l.discount > 0 && (
              <span className="receipt__row">
                <span>{t('receipt.discount')}</span>
                <span>-{formatRupiah(l.discount)}</span>
              </span>
            )}
          </li>
        ))}
      </ul>
      <hr />
      <dl className="receipt__sums">
        <dt>{t('receipt.subtotal')}</dt>
        <dd>{formatRupiah(r.subtotal)}</dd>
        {r.discount > 0 && (
          <>
            <dt>{t('receipt.discount')}</dt>
            <dd>-{formatRupiah(r.discount)}</dd>
          </>
        )}
        <dt className="receipt__total">{t('receipt.total')}</dt>
        <dd className="receipt__total" data-testid="receipt-total">
          {formatRupiah(r.total)}
        </dd>
        {r.payments.map((p, i) => (
          <div key={i} className="receipt__pair">
            <dt>
              {t(`pay.method.${p.method}`)}
              {p.reference ? ` (${p.reference})` : ''}
            </dt>
            <dd>{formatRupiah(p.amount)}</dd>
          </div>
        ))}
        <dt>{t('receipt.change')}</dt>
        <dd data-testid="receipt-change">{formatRupiah(r.change)}</dd>
      </dl>
      {r.taxes.length > 0 && (
        <>
          <hr />
          <p className="receipt__label">{t('receipt.taxSummary')}</p>
          <dl className="receipt__sums" data-testid="receipt-taxes">
            {r.taxes.map((x) => (
              <div key={x.taxRate} className="receipt__pair-group">
                <div className="receipt__pair">
                  <dt>{t('receipt.dpp')}</dt>
                  <dd>{formatRupiah(x.dpp)}</dd>
                </div>
                <div className="receipt__pair">
                  <dt>{t('receipt.ppn', { rate: x.nominalRate })}</dt>
                  <dd>{formatRupiah(x.tax)}</dd>
                </div>
              </div>
            ))}
          </dl>
        </>
      )}
      <hr />
      {r.pending && (
        <p className="receipt__pending" data-testid="receipt-pending">
          {t('receipt.pending')}
        </p>
      )}
      <footer className="receipt__footer">
        {r.footerLines.map((l, i) => (
          <span key={i}>{l}</span>
        ))}
      </footer>
    </article>
  );
}
