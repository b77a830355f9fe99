import { useT } from '@kasir/ui';
import { ApiError } from '../app/api.ts';

/** An error as a sentence in the reader's language; unknown codes fall back to the server's message. */
export function ErrorNote({ error }: { readonly error: unknown }) {
  const { t } = useT();
  if (error === null || error === undefined) return null;
  const code = error instanceof ApiError ? error.code : 'internal';
  const fallback = error instanceof Error ? error.message : t('errors.internal');
  return (
    <p className="error" role="alert">
      {t(`errors.${code}`, { defaultValue: fallback })}
    </p>
  );
}
