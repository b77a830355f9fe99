import { formatRupiah } from '@kasir/protocol';
import { useFixedT } from '@kasir/ui';
import { useEffect, useState } from 'react';
import type { PaperWidth } from '../settings/settings.ts';
import { qrSvg } from './qr-svg.ts';
import { receiptLabels } from './receipt-labels.ts';
import type { ReceiptHeader, ReceiptModel, ReceiptTaxGroup } from './receipt-model.ts';

/** The sale's QR as an SVG string (qrcode renders it offline, no network). */
function useQrSvg(text: string): string | null {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Encoding runs synchronously inside toString: in a task of its own it does not delay the
    // receipt's first paint right after a sale (whose effects may run right after its commit).
    const timer = setTimeout(() => {
      qrSvg(text, 1)
        .then((s) => {
          if (live) setSvg(s);
        })
        .catch(() => undefined);
    }, 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  return svg;
}

/** The DPP and PPN of each rate group, as a sale receipt and a PKP's refund receipt show them. */
export function ReceiptTaxGroups({
  taxes,
  labels: L,
}: {
  readonly taxes: readonly ReceiptTaxGroup[];
  readonly labels: ReturnType<typeof receiptLabels>;
}) {
  return taxes.map((x) => (
    <div key={x.taxRate} className="receipt__pair-group" data-testid="receipt-tax-group">
      <p className="receipt__label">{L.taxGroup(x)}</p>
      <div className="receipt__pair">
        <dt>{L.dpp}</dt>
        <dd>{formatRupiah(x.dpp)}</dd>
      </div>
      <div className="receipt__pair">
        <dt>{L.ppn(x.nominalRate)}</dt>
        <dd>{formatRupiah(x.tax)}</dd>
      </div>
    </div>
  ));
}

/** The shop's name, address and header lines, and a PKP's NPWP: the top of every receipt. */
export function ReceiptShopHeader({
  header,
  npwpLabel,
}: {
  readonly header: ReceiptHeader;
  readonly npwpLabel: string;
}) {
  return (
    <header className="receipt__shop">
      <strong>{header.shopName}</strong>
      {header.headerLines.map((l, i) => (
        <span key={i}>{l}</span>
      ))}
      {header.npwp !== null && <span data-testid="receipt-npwp">{`${npwpLabel} ${header.npwp}`}</span>}
    </header>
  );
}

/**
 * The receipt on screen and in the browser's print (58 mm or 80 mm, see the print CSS), from the
 * same model and labels as the ESC/POS bytes. "Belum tersinkron" shows on screen only.
 */
export function ReceiptView({
  receipt,
  paperWidth,
}: {
  readonly receipt: ReceiptModel;
  readonly paperWidth: PaperWidth;
}) {
  const t = useFixedT(receipt.language);
  const L = receiptLabels(t);
  const r = receipt;
  const qr = useQrSvg(r.saleQr);
  const pair = (label: string, value: string, testId?: string, className?: string) => (
    <div className={className ? `receipt__pair ${className}` : 'receipt__pair'}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  return (
    <article className={`receipt receipt--${paperWidth}`} data-testid="receipt">
      {r.copy && (
        <p className="receipt__copy" data-testid="receipt-copy">
          {L.copy}
        </p>
      )}
      {r.refunded !== null && (
        <p className="receipt__copy" data-testid="receipt-refunded">
          {L.refunded(r.refunded)}
        </p>
      )}
      <ReceiptShopHeader header={r} npwpLabel={L.npwp} />
      <div className="receipt__meta">
        <span>
          {L.number}: <span data-testid="receipt-number">{r.invoiceNumber}</span>
        </span>
        <span data-testid="receipt-date">
          {L.date}: {r.dateTime}
        </span>
        <span>
          {L.cashier}: {r.cashier}
        </span>
        {r.customer !== null && (
          <span data-testid="receipt-customer">
            {L.customer}: {r.customer}
          </span>
        )}
      </div>
      <hr />
      <ul className="receipt__lines">
        {r.lines.map((l, i) => (
          <li key={i} data-exempt={l.exempt ? 'true' : undefined}>
            <span className="receipt__name">{l.exempt ? `${l.name} *` : l.name}</span>
            <span className="receipt__row">
              <span>
                {l.quantity} × {formatRupiah(l.unitPrice)}
              </span>
              <span>{formatRupiah(l.quantity * l.unitPrice)}</span>
            </span>
            {l.discount > 0 && (
              <span className="receipt__row">
                <span>{L.discount}</span>
                <span>-{formatRupiah(l.discount)}</span>
              </span>
            )}
          </li>
        ))}
      </ul>
      <hr />
      <dl className="receipt__sums">
        {pair(L.subtotal, formatRupiah(r.subtotal))}
        {r.discount > 0 && pair(L.discount, `-${formatRupiah(r.discount)}`)}
        {r.taxAdded && pair(L.ppnAdded, formatRupiah(r.tax), 'receipt-ppn-added')}
        {r.rounding !== 0 && pair(L.rounding, formatRupiah(r.rounding), 'receipt-rounding')}
        {pair(L.total, formatRupiah(r.total), 'receipt-total', 'receipt__total')}
        {r.payments.map((p, i) => {
          const detail = L.paymentDetail(p);
          return (
            <div key={i} className="receipt__pair-group" data-testid="receipt-payment">
              {pair(L.payment(p), formatRupiah(p.amount))}
              {detail !== '' && <span className="receipt__detail">{detail}</span>}
            </div>
          );
        })}
        {/* Change is cash's: a sale paid by QRIS or card alone shows no "Kembalian Rp 0". */}
        {r.cash && pair(L.change, formatRupiah(r.change), 'receipt-change')}
      </dl>
      {(r.taxes.length > 0 || r.lines.some((l) => l.exempt)) && (
        <>
          <hr />
          {r.lines.some((l) => l.exempt) && <p className="receipt__label">{L.exemptLegend}</p>}
          <dl className="receipt__sums" data-testid="receipt-taxes">
            <ReceiptTaxGroups taxes={r.taxes} labels={L} />
          </dl>
        </>
      )}
      <hr />
      {r.pending && (
        <p className="receipt__pending no-print" data-testid="receipt-pending">
          {t('receipt.pending')}
        </p>
      )}
      {qr !== null && (
        <div
          className="receipt__qr"
          data-testid="receipt-qr"
          data-payload={r.saleQr}
          // The SVG comes from the qrcode library for our own payload, not from user input.
          dangerouslySetInnerHTML={{ __html: qr }}
        />
      )}
      <footer className="receipt__footer">
        {r.footerLines.map((l, i) => (
          <span key={i}>{l}</span>
        ))}
      </footer>
    </article>
  );
}
