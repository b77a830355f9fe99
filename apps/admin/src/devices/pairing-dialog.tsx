import type { PairingCodeResponse } from '@kasir/protocol';
import { Button, formatDateTime, useT, type Locale } from '@kasir/ui';
import { useEffect, useState } from 'react';

/**
 * The pairing code large, with a QR code of the code itself (what the till types or scans). The QR
 * encoder is loaded only when a code is shown.
 */
export function PairingDialog({
  deviceName,
  pairing,
  onNewCode,
  onClose,
}: {
  readonly deviceName: string;
  readonly pairing: PairingCodeResponse;
  readonly onNewCode: () => void;
  readonly onClose: () => void;
}) {
  const { t, language } = useT();
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void import('qrcode').then(async (qr) => {
      const out = await qr.toString(pairing.code, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      if (live) setSvg(out);
    });
    return () => {
      live = false;
    };
  }, [pairing.code]);
  return (
    <div className="dialog-backdrop" role="presentation" onClick={onClose}>
      <div
        className="dialog card"
        role="dialog"
        aria-modal="true"
        aria-label={t('devices.pairingCode')}
        onClick={(e) => e.stopPropagation()}
      >
        <h2>
          {t('devices.pairingCode')} · {deviceName}
        </h2>
        <p className="pairing-code" data-testid="pairing-code">
          {pairing.code}
        </p>
        {svg !== null && (
          <div className="qr" data-testid="pairing-qr" dangerouslySetInnerHTML={{ __html: svg }} />
        )}
        <p className="muted">
          {t('devices.pairingIntro', { time: formatDateTime(pairing.expiresAt, language as Locale) })}
        </p>
        <div className="row">
          <Button onClick={onNewCode}>{t('devices.newCode')}</Button>
          <Button variant="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        </div>
      </div>
    </div>
  );
}
