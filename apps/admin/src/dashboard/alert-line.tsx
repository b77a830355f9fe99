import type { Alert } from '@kasir/protocol';
import { formatAgo, useT, type Locale } from '@kasir/ui';

/** One alert as a sentence, with how long it has been open. */
export function AlertLine({ alert }: { readonly alert: Alert }) {
  const { t, language } = useT();
  return (
    <li className={`alert alert--${alert.kind}`}>
      {t(`alerts.${alert.kind}`, { subject: alert.subject, ...alert.details })}{' '}
      <span className="muted">· {formatAgo(alert.since, Date.now(), language as Locale)}</span>
    </li>
  );
}
