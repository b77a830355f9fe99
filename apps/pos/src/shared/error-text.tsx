import type { TFunction } from '@kasir/ui';
import { useT } from '@kasir/ui';
import { errorsId } from '../i18n/errors-id.ts';

/** A code the cashier's texts know: a server error code or one of the device's own kinds. */
export type KnownErrorKey = keyof typeof errorsId;

const isKnown = (code: string): code is KnownErrorKey => Object.hasOwn(errorsId, code);

/**
 * The cashier's text for an error code, in the UI language, saying what to do next. Server codes
 * (protocol errors/error-code.ts) and the device's kinds (`network`, `invalid_response`, `storage`)
 * each have one; anything else reads as `unknown`. The server's own message (English, for logs)
 * is never shown to the cashier.
 */
export function errorText(t: TFunction, code: string): string {
  return t(`errors.${isKnown(code) ? code : 'unknown'}`);
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
