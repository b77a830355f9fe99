import { formatRupiah } from '@kasir/protocol';
import { useFixedT } from '@kasir/ui';
import type { PaperWidth } from '../settings/settings.ts';
import { receiptLabels, refundReceiptLabels } from './receipt-labels.ts';
import { ReceiptShopHeader, ReceiptTaxGroups } from './receipt-view.tsx';
import type { RefundReceiptModel } from './refund-receipt-model.ts';

/**
 * The refund or void receipt on screen and in the browser's print, from the same model and labels
 * as its ESC/POS bytes, under the same shop header as the sale receipts.
 */
export function RefundReceiptView({
  receipt,
  paperWidth,
}: {
  readonly receipt: RefundReceiptModel;
  readonly paperWidth: PaperWidth;
}) {
  const t = useFixedT(receipt.language);
  const L = receiptLabels(t);
  const R = refundReceiptLabels(t);
  const r = receipt;
  return (
    <article className={`receipt receipt--${paperWidth}`} data-testid="refund-receipt">
      {r.copy && (
        <p className="receipt__copy" data-testid="refund-receipt-copy">
          {L.copy}
        </p>
      )}
      <ReceiptShopHeader header={r} npwpLabel={L.npwp} />
      <hr />
      <p className="receipt__title">{R.title(r.kind)}</p>
      <div className="receipt__meta" data-testid="refund-meta">
        <span data-testid="refund-original">{R.forReceipt(r.invoiceNumber)}</span>
        <span>
          {L.date}: {r.dateTime}
        </span>
        <span>
          {L.cashier}: {r.cashier}
        </span>
      </div>
      <hr />
      <ul className="receipt__lines">
        {r.lines.map((l, i) => (
          <li key={i}>
            <span className="receipt__row">
              <span>
                {l.quantity} × {l.name}
              </span>
              <span>{formatRupiah(l.amount)}</span>
            </span>
            {l.damaged && <span className="receipt__detail">({R.damaged})</span>}
          </li>
        ))}
      </ul>
      <hr />
      <p className="receipt__note">{R.reason(r.reason)}</p>
      <dl className="receipt__sums">
        <div className="receipt__pair receipt__total">
          <dt>{R.total}</dt>
          <dd data-testid="refund-total">{formatRupiah(r.total)}</dd>
        </div>
      </dl>
      <p className="receipt__note" data-testid="refund-method">
        {R.method(r.method, r.paidWith)}
      </p>
      {r.taxes.length > 0 && (
        <>
          <hr />
          <p className="receipt__label">{R.taxes}</p>
          <dl className="receipt__sums" data-testid="refund-taxes">
            <ReceiptTaxGroups taxes={r.taxes} labels={L} />
          </dl>
        </>
      )}
    </article>
  );
}
