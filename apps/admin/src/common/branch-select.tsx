import { useT } from '@kasir/ui';
import { useEffect } from 'react';
import { useBranches } from './queries.ts';
import { Field } from './field.tsx';

export interface BranchSelectProps {
  readonly value: string;
  readonly onChange: (branchId: string) => void;
  /** Offer "all branches" (the value ''). */
  readonly allowAll?: boolean;
  /** What the branch is for, when not just "Branch". */
  readonly label?: string;
  /**
   * A shop with one branch has nothing to choose: a select that needs a branch takes it by itself
   * (default). Off where the one branch cannot be the answer (a transfer's destination).
   */
  readonly autoPick?: boolean;
  /** A branch that cannot be the answer (a transfer's own branch as its destination). */
  readonly exclude?: string;
}

export function BranchSelect({
  value,
  onChange,
  allowAll = true,
  label,
  autoPick = true,
  exclude,
}: BranchSelectProps) {
  const { t } = useT();
  const branches = useBranches();
  const only = branches.data?.length === 1 ? branches.data[0] : undefined;
  useEffect(() => {
    if (!allowAll && autoPick && value === '' && only !== undefined) onChange(only.id);
  }, [allowAll, autoPick, value, only, onChange]);
  return (
    <Field label={label ?? t('common.branch')}>
      <select
        value={value}
        onChange={(e) => onChange(e.target.value)}
        required={!allowAll}
        data-testid="branch-select"
      >
        {allowAll ? (
          <option value="">{t('common.allBranches')}</option>
        ) : (
          <option value="" disabled>
            {t('common.choose')}
          </option>
        )}
        {branches.data
          ?.filter((b) => b.id !== exclude)
          .map((b) => (
            <option key={b.id} value={b.id}>
              {b.code} · {b.name}
            </option>
          ))}
      </select>
    </Field>
  );
}
