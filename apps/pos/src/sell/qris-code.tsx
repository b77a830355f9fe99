import { formatRupiah, parseQris, qrisWithAmount } from '@kasir/protocol';
import { useT } from '@kasir/ui';
import { useEffect, useMemo, useState } from 'react';
import QRCode from 'qrcode';

/**
 * The dynamic QRIS for exactly `amount`, built on the till from the branch's merchant QRIS (no
 * network: it works offline) and drawn large enough to scan from a customer's phone.
 */
export function QrisCode({
  merchantQris,
  amount,
  reference,
}: {
  readonly merchantQris: string;
  readonly amount: number;
  readonly reference: string;
}) {
  const { t } = useT();
  const payload = useMemo(
    () => qrisWithAmount(merchantQris, amount, reference),
    [merchantQris, amount, reference],
  );
  const merchant = useMemo(() => parseQris(merchantQris), [merchantQris]);
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Level M and a quiet zone of 4 modules: what phone cameras read best from a screen.
    QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
      .then((s) => {
        if (live) setSvg(s);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [payload]);
  return (
    <figure className="qris" data-testid="qris" data-payload={payload}>
      {svg !== null && (
        <div
          className="qris__code"
          data-testid="qris-code"
          // The SVG is made by the qrcode library from our own payload, not from user input.
          dangerouslySetInnerHTML={{ __html: svg }}
        />
      )}
      <figcaption>
        <strong className="qris__amount" data-testid="qris-amount">
          {formatRupiah(amount)}
        </strong>
        {merchant.ok && <span>{`${merchant.merchantName} · ${merchant.merchantCity}`}</span>}
        <span className="muted">{t('pay.qris.scan', { reference })}</span>
      </figcaption>
    </figure>
  );
}
