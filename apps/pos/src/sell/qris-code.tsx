import { formatRupiah, parseQris, qrisWithAmount } from '@kasir/protocol';
import { useT } from '@kasir/ui';
import { useEffect, useMemo, useRef, useState } from 'react';
import { qrSvg } from '../receipt/qr-svg.ts';
import type { CheckQris } from './qris-confirmation.ts';

/** How often the till asks whether the acquirer confirmed the payment, while the code is shown. */
const CHECK_EVERY_MS = 2_000;

/**
 * The dynamic QRIS for exactly `amount`, built on the till from the branch's merchant QRIS (no
 * network: it works offline) and drawn large enough to scan from a customer's phone.
 */
export function QrisCode({
  merchantQris,
  amount,
  reference,
  check,
  onPaid,
}: {
  readonly merchantQris: string;
  readonly amount: number;
  readonly reference: string;
  /** Asks the server for an acquirer's confirmation (payments/); absent: the cashier confirms. */
  readonly check?: CheckQris | undefined;
  /** The acquirer confirmed exactly this amount for this reference. */
  readonly onPaid?: (() => void) | undefined;
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
    qrSvg(payload, 4)
      .then((s) => {
        if (live) setSvg(s);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [payload]);
  const paid = useRef(onPaid);
  paid.current = onPaid;
  useEffect(() => {
    if (check === undefined) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async (): Promise<void> => {
      const r = await check(reference);
      if (!live) return;
      if (r.status === 'paid' && r.amount === amount) {
        paid.current?.();
        return;
      }
      timer = setTimeout(() => void ask(), CHECK_EVERY_MS);
    };
    timer = setTimeout(() => void ask(), CHECK_EVERY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [check, reference, amount]);
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
