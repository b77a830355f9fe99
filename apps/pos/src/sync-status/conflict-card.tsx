import type { ConflictRecord } from '@kasir/protocol';
import { useT } from '@kasir/ui';

const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** A stale edit (S8): both versions side by side, and the person's choice. */
export function ConflictCard({
  conflict,
  onResolve,
}: {
  readonly conflict: ConflictRecord;
  readonly onResolve: (choice: 'mine' | 'server') => void;
}) {
  const { t } = useT();
  const fields = [...new Set([...Object.keys(conflict.mine), ...Object.keys(conflict.server)])].sort();
  return (
    <li className="conflict" data-testid="conflict">
      <p>
        <strong>{conflict.kind}</strong> {conflict.entityId}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>{t('dash.field')}</th>
            <th>{t('dash.mine', { version: conflict.baseVersion })}</th>
            <th>{t('dash.server', { version: conflict.serverVersion })}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const mine = show(conflict.mine[f]);
            const server = show(conflict.server[f]);
            return (
              <tr key={f} className={mine === server ? '' : 'diff'}>
                <td>{f}</td>
                <td>{mine}</td>
                <td>{server}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row">
        <button type="button" onClick={() => onResolve('mine')}>
          {t('dash.keepMine')}
        </button>
        <button type="button" onClick={() => onResolve('server')}>
          {t('dash.takeServer')}
        </button>
      </div>
    </li>
  );
}
