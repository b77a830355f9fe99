import { useT } from '@kasir/ui';
import { useBranches } from './queries.ts';
import { Field } from './field.tsx';

export interface BranchSelectProps {
  readonly value: string;
  readonly onChange: (branchId: string) => void;
  /** Offer "all branches" (the value ''). */
  readonly allowAll?: boolean;
  /** What the branch is for, when not just "Branch". */
  readonly label?: string;
}

export function BranchSelect({ value, onChange, allowAll = true, label }: BranchSelectProps) {
  const { t } = useT();
  const branches = useBranches();
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
        {branches.data?.map((b) => (
          <option key={b.id} value={b.id}>
            {b.code} · {b.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
