import type { Branch, BranchSettings, BranchUpdateBody, WeeklyHours } from '@kasir/protocol';
import { Button, useT } from '@kasir/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { useBranches } from '../common/queries.ts';
import { Field } from '../common/field.tsx';
import { ShopSettingsFields, shopSettingsBody } from './shop-settings-fields.tsx';

const ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'];
const DEFAULT_HOURS: WeeklyHours = Array.from({ length: 7 }, () => ({ open: '08:00', close: '21:00' }));

/** Branches: create one, and edit the selected one's settings (`?id=`). */
export function BranchesScreen() {
  const { t } = useT();
  const api = useApi();
  const client = useQueryClient();
  const params = useQueryParams();
  const branches = useBranches();
  const selected = branches.data?.find((b) => b.id === params.get('id')) ?? branches.data?.[0];
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: (body: { code: string; name: string }) =>
      api.send<Branch>('POST', '/api/admin/branches', body),
    onSuccess: async (b) => {
      setCode('');
      setName('');
      await client.invalidateQueries({ queryKey: ['branches'] });
      params.set({ id: b.id });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ code: code.trim().toUpperCase(), name: name.trim() });
  };
  return (
    <section className="screen">
      <h1>{t('branches.title')}</h1>
      <div className="row tabs">
        {branches.data?.map((b) => (
          <Button
            key={b.id}
            small
            variant={b.id === selected?.id ? 'secondary' : 'default'}
            onClick={() => params.set({ id: b.id })}
          >
            {b.code} · {b.name}
          </Button>
        ))}
      </div>
      {selected !== undefined && <BranchForm key={selected.id} branch={selected} />}
      <form className="card" onSubmit={submit}>
        <h2>{t('branches.new')}</h2>
        <div className="row">
          <Field label={t('branches.code')}>
            <input
              required
              maxLength={10}
              pattern="[A-Za-z0-9]+"
              title={t('branches.codeRule')}
              placeholder="JKT1"
              value={code}
              onChange={(e) => setCode(e.target.value)}
            />
          </Field>
          <Field label={t('branches.name')} grow>
            <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          </Field>
          <Button type="submit" variant="primary" disabled={create.isPending}>
            {t('branches.create')}
          </Button>
        </div>
        <ErrorNote error={create.error} />
      </form>
    </section>
  );
}

function BranchForm({ branch }: { readonly branch: BranchSettings }) {
  const { t, i18n } = useT();
  const api = useApi();
  const client = useQueryClient();
  const [b, setB] = useState(branch);
  useEffect(() => setB(branch), [branch]);
  const hours = b.openingHours ?? DEFAULT_HOURS;
  const days = i18n.t('branches.days', { returnObjects: true }) as unknown as string[];
  const save = useMutation({
    mutationFn: (body: BranchUpdateBody) =>
      api.send<BranchSettings>('PATCH', `/api/admin/branches/${branch.id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['branches'] }),
  });
  const text = (
    k: 'code' | 'name' | 'address' | 'npwp' | 'receiptHeader' | 'receiptFooter',
    multiline = false,
  ) => (
    <Field label={t(`branches.${k}`)}>
      {multiline ? (
        <textarea rows={3} value={b[k] ?? ''} onChange={(e) => setB({ ...b, [k]: e.target.value })} />
      ) : (
        <input value={b[k] ?? ''} onChange={(e) => setB({ ...b, [k]: e.target.value })} />
      )}
    </Field>
  );
  const orNull = (s: string | null) => (s === null || s.trim() === '' ? null : s);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      code: b.code,
      name: b.name,
      address: orNull(b.address),
      npwp: orNull(b.npwp),
      receiptHeader: orNull(b.receiptHeader),
      receiptFooter: orNull(b.receiptFooter),
      timeZone: b.timeZone,
      openingHours: b.openingHours,
      ...shopSettingsBody(b),
    });
  };
  const setDay = (i: number, v: { open: string; close: string } | null) =>
    setB({ ...b, openingHours: hours.map((h, j) => (j === i ? v : h)) });
  return (
    <form className="card form" onSubmit={submit} data-testid="branch-form">
      <div className="grid2">
        {text('code')}
        {text('name')}
      </div>
      {text('address', true)}
      <div className="grid2">
        {text('npwp')}
        <Field label={t('branches.timeZone')}>
          <select value={b.timeZone} onChange={(e) => setB({ ...b, timeZone: e.target.value })}>
            {[...new Set([...ZONES, b.timeZone])].map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="grid2">
        {text('receiptHeader', true)}
        {text('receiptFooter', true)}
      </div>
      <ShopSettingsFields b={b} onChange={setB} />
      <h2>{t('branches.openingHours')}</h2>
      <div className="hours">
        {hours.map((h, i) => (
          <div key={i} className="row hours__day">
            <span className="hours__name">{days[i]}</span>
            <label className="check">
              <input
                type="checkbox"
                checked={h === null}
                onChange={(e) => setDay(i, e.target.checked ? null : { open: '08:00', close: '21:00' })}
              />
              {t('branches.closed')}
            </label>
            {h !== null && (
              <>
                <input
                  type="time"
                  aria-label={`${days[i] ?? ''} open`}
                  value={h.open}
                  onChange={(e) => setDay(i, { ...h, open: e.target.value })}
                />
                <span>–</span>
                <input
                  type="time"
                  aria-label={`${days[i] ?? ''} close`}
                  value={h.close}
                  onChange={(e) => setDay(i, { ...h, close: e.target.value })}
                />
              </>
            )}
          </div>
        ))}
      </div>
      <ErrorNote error={save.error} />
      <div className="row">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {t('common.save')}
        </Button>
        {save.isSuccess && <span className="ok">{t('common.saved')}</span>}
      </div>
    </form>
  );
}
