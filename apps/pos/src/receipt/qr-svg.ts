/**
 * A QR code as an SVG string, rendered offline by the `qrcode` library. The library is a file of its
 * own, loaded with the first QR (or by `preloadQrCode` once the till is up), not before the till
 * can sell; the service worker precaches it with the rest of the app.
 */
export async function qrSvg(text: string, margin: number): Promise<string> {
  const qr = await import('qrcode');
  return qr.default.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin });
}

/** Loads the QR library now (from an idle moment after the start). */
export async function preloadQrCode(): Promise<void> {
  await import('qrcode');
}
