import { useT } from '@kasir/ui';
import { useStaff } from './staff-context.tsx';

/** Who is signed in, in the top bar; pressing it locks the till for the next person (the cart stays). */
export function StaffBadge() {
  const { t } = useT();
  const { enabled, current, lock } = useStaff();
  if (!enabled || current === null) return null;
  return (
    <button
      type="button"
      className="staff-badge"
      data-testid="staff-lock"
      aria-label={t('staff.lockLabel', { name: current.name })}
      onClick={lock}
    >
      <span data-testid="staff-current">{current.name}</span>
      <span className="staff-badge__action"> · {t('staff.lock')}</span>
    </button>
  );
}
