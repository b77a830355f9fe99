import type { StaffCreateBody, StaffMember, StaffRole, StaffUpdateBody } from '@kasir/protocol';
import { Button, useT } from '@kasir/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../app/api-context.ts';
import { useQueryParams } from '../app/use-query-params.ts';
import { BranchSelect } from '../common/branch-select.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { Field } from '../common/field.tsx';
import { useBranches, useStaffList } from '../common/queries.ts';

const ROLES: readonly StaffRole[] = ['cashier', 'supervisor', 'manager'];

interface Form {
  readonly id: string | null;
  readonly name: string;
  readonly role: StaffRole;
  readonly branchIds: readonly string[];
  /** Empty: keep the PIN (edit) or none yet (new). */
  readonly pin: string;
}

const EMPTY: Form = { id: null, name: '', role: 'cashier', branchIds: [], pin: '' };

/**
 * Till staff (issue 13): name, role, branches and a 4-6 digit PIN. The server hashes the PIN; the
 * branch's tills receive the hash through the feed and sign the person in offline.
 */
export function StaffScreen() {
  const { t } = useT();
  const api = useApi();
  const client = useQueryClient();
  const branches = useBranches();
  const params = useQueryParams();
  const { branchId } = params.pick('branchId');
  const staff = useStaffList(branchId);
  const [form, setForm] = useState<Form>(EMPTY);
  const refresh = () => client.invalidateQueries({ queryKey: ['staff'] });
  const save = useMutation({
    mutationFn: (f: Form) => {
      if (f.id === null) {
        const body: StaffCreateBody = {
          name: f.name,
          role: f.role,
          branchIds: [...f.branchIds],
          ...(f.pin === '' ? {} : { pin: f.pin }),
        };
        return api.send<StaffMember>('POST', '/api/admin/staff', body);
      }
      const body: StaffUpdateBody = {
        name: f.name,
        role: f.role,
        branchIds: [...f.branchIds],
        ...(f.pin === '' ? {} : { pin: f.pin }),
      };
      return api.send<StaffMember>('PATCH', `/api/admin/staff/${f.id}`, body);
    },
    onSuccess: async () => {
      setForm(EMPTY);
      await refresh();
    },
  });
  const toggleActive = useMutation({
    mutationFn: (s: StaffMember) =>
      api.send<StaffMember>('PATCH', `/api/admin/staff/${s.id}`, { active: !s.active }),
    onSuccess: refresh,
  });
  const branchCodes = (ids: readonly string[]) =>
    ids.map((id) => branches.data?.find((b) => b.id === id)?.code ?? '?').join(', ');
  const toggleBranch = (id: string, on: boolean) =>
    setForm({ ...form, branchIds: on ? [...form.branchIds, id] : form.branchIds.filter((b) => b !== id) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(form);
  };

  return (
    <section className="screen">
      <h1>{t('staff.title')}</h1>
      <p className="muted">{t('staff.intro')}</p>
      <div className="filters">
        <BranchSelect value={branchId} onChange={(id) => params.set({ branchId: id })} />
      </div>
      <ErrorNote error={staff.error ?? toggleActive.error} />
      <div className="card table-wrap">
        <table className="table" data-testid="staff">
          <thead>
            <tr>
              <th>{t('staff.name')}</th>
              <th>{t('staff.role')}</th>
              <th>{t('staff.branches')}</th>
              <th>{t('staff.pinShort')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {staff.data?.map((s) => (
              <tr key={s.id} className={s.active ? '' : 'muted'} data-testid="staff-row">
                <td>
                  <strong>{s.name}</strong>
                  {!s.active && <small className="muted"> · {t('staff.inactive')}</small>}
                </td>
                <td>{t(`staff.roles.${s.role}`)}</td>
                <td>{branchCodes(s.branchIds)}</td>
                <td>{s.hasPin ? t('staff.pinSet') : t('staff.noPin')}</td>
                <td className="actions">
                  <Button
                    small
                    onClick={() =>
                      setForm({ id: s.id, name: s.name, role: s.role, branchIds: s.branchIds, pin: '' })
                    }
                  >
                    {t('staff.edit')}
                  </Button>
                  <Button
                    small
                    variant={s.active ? 'danger' : 'default'}
                    onClick={() => toggleActive.mutate(s)}
                  >
                    {s.active ? t('staff.deactivate') : t('staff.activate')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="card form" onSubmit={submit} data-testid="staff-form">
        <h2>{form.id === null ? t('staff.new') : t('staff.editing', { name: form.name })}</h2>
        <div className="grid2">
          <Field label={t('staff.name')}>
            <input
              required
              maxLength={100}
              value={form.name}
              data-testid="staff-name"
              onChange={(e) => setForm({ ...form, name: e.target.value })}
            />
          </Field>
          <Field label={t('staff.role')}>
            <select
              value={form.role}
              data-testid="staff-role"
              onChange={(e) => setForm({ ...form, role: e.target.value as StaffRole })}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`staff.roles.${r}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={form.id === null ? t('staff.pin') : t('staff.newPin')}>
            <input
              inputMode="numeric"
              autoComplete="off"
              pattern="\d{4,6}"
              title={t('staff.pinRule')}
              required={form.id === null}
              value={form.pin}
              data-testid="staff-pin"
              onChange={(e) => setForm({ ...form, pin: e.target.value.replace(/\D/g, '').slice(0, 6) })}
            />
          </Field>
        </div>
        <fieldset className="checks">
          <legend>{t('staff.branches')}</legend>
          {branches.data?.map((b) => (
            <label key={b.id} className="check">
              <input
                type="checkbox"
                data-testid={`staff-branch-${b.code}`}
                checked={form.branchIds.includes(b.id)}
                onChange={(e) => toggleBranch(b.id, e.target.checked)}
              />
              {b.code} · {b.name}
            </label>
          ))}
        </fieldset>
        <ErrorNote error={save.error} />
        <div className="actions">
          <Button
            type="submit"
            variant="primary"
            disabled={save.isPending || form.branchIds.length === 0}
            data-testid="staff-save"
          >
            {form.id === null ? t('staff.create') : t('common.save')}
          </Button>
          {form.id !== null && <Button onClick={() => setForm(EMPTY)}>{t('common.cancel')}</Button>}
        </div>
      </form>
    </section>
  );
}
