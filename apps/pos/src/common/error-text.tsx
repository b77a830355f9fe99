import type { TFunction } from '@kasir/ui';
import { useT } from '@kasir/ui';

/**
 * The cashier's text for an error code, in the UI language, saying what to do next. Server codes
 * (protocol errors/error-code.ts) and the device's kinds (`network`, `invalid_response`, `storage`)
 * each have one; anything else reads as `unknown`. The server's own message (English, for logs)
 * is never shown to the cashier.
 */
export function errorText(t: TFunction, code: string): string {
  // Codes are plain identifiers; anything else (a dotted path, a stray message) is unknown.
  const known = /^[a-zA-Z_]+$/.test(code) ? t(`errors.${code}`, { defaultValue: '' }) : '';
  return known !== '' ? known : t('errors.unknown');
}

/** An error for people: the translated text and, smaller, the raw code for support. */
export function ErrorNote({ code, testId }: { readonly code: string; readonly testId?: string }) {
  const { t } = useT();
  return (
    <p className="error" role="alert" data-testid={testId} data-code={code}>
      {errorText(t, code)}
      <br />
      <small className="error__code">{t('errors.code', { code })}</small>
    </p>
  );
}
