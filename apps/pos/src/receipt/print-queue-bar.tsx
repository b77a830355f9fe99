import { useT } from '@kasir/ui';
import type { PrintQueue } from './print-queue.ts';
import { usePrintQueue } from './use-print-queue.ts';

/**
 * Tells the cashier, on every screen, that receipts wait for the printer and that the sales are
 * safe; offers a retry now. Hidden while the queue is empty.
 */
export function PrintQueueBar({ queue }: { readonly queue: PrintQueue }) {
  const { t } = useT();
  const s = usePrintQueue(queue);
  if (s.queued === 0 || (s.printing && s.lastError === null)) return null;
  return (
    <div className="print-queue-bar no-print" role="status" data-testid="print-queue">
      <div>
        <strong data-testid="print-queue-count" data-count={s.queued}>
          {t('printer.queued', { count: s.queued })}
        </strong>
        <span className="muted">{t('printer.queuedHint')}</span>
        {s.lastError !== null && (
          <span className="muted" data-testid="print-queue-error">
            {s.lastError}
          </span>
        )}
      </div>
      <button
        type="button"
        className="secondary"
        data-testid="print-retry"
        onClick={() => void queue.drain()}
      >
        {t('printer.retry')}
      </button>
    </div>
  );
}
