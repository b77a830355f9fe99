import { useT } from '@kasir/ui';
import { useQueryParams } from '../app/use-query-params.ts';
import { Field } from './field.tsx';

/** `from` and `to` business days as URL parameters (`?from=2026-03-01&to=2026-03-07`). */
export function DateRangeFields() {
  const { t } = useT();
  const params = useQueryParams();
  return (
    <>
      <Field label={t('common.from')}>
        <input
          type="date"
          value={params.get('from')}
          onChange={(e) => params.set({ from: e.target.value })}
        />
      </Field>
      <Field label={t('common.to')}>
        <input type="date" value={params.get('to')} onChange={(e) => params.set({ to: e.target.value })} />
      </Field>
    </>
  );
}
