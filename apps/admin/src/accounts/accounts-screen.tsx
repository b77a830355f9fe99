import type {
  Account,
  AccountCreateBody,
  AccountUpdateBody,
  PasswordChangeBody,
  Role,
} from '@kasir/protocol';
import { Button, formatDateTime, useT, type Locale } from '@kasir/ui';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../app/api-context.ts';
import { MIN_PASSWORD } from '../auth/setup-screen.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { useBranches } from '../common/queries.ts';
import { Field } from '../common/field.tsx';

const EMPTY: AccountCreateBody = {
  username: '',
  displayName: '',
  password: '',
  role: 'manager',
  branchIds: [],
  canEditCatalog: false,
};

/** Owners manage accounts (managers and their branches); everyone changes their own password. */
export function AccountsScreen() {
  const { t, language } = useT();
  const api = useApi();
  const client = useQueryClient();
  const branches = useBranches();
  const accounts = useQuery({
    queryKey: ['accounts'],
    queryFn: () => api.get<Account[]>('/api/admin/accounts'),
  });
  const [form, setForm] = useState<AccountCreateBody>(EMPTY);
  const refresh = () => client.invalidateQueries({ queryKey: ['accounts'] });
  const create = useMutation({
    mutationFn: (body: AccountCreateBody) => api.send<Account>('POST', '/api/admin/accounts', body),
    onSuccess: async () => {
      setForm(EMPTY);
      await refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: AccountUpdateBody }) =>
      api.send<Account>('PATCH', `/api/admin/accounts/${id}`, body),
    onSuccess: refresh,
  });
  const branchCodes = (ids: readonly string[]) =>
    ids.map((id) => branches.data?.find((b) => b.id === id)?.code ?? '?').join(', ');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(form);
  };
  const toggleBranch = (id: string, on: boolean) =>
    setForm({ ...form, branchIds: on ? [...form.branchIds, id] : form.branchIds.filter((b) => b !== id) });
  return (
    <section className="screen">
      <h1>{t('accounts.title')}</h1>
      <ErrorNote error={accounts.error ?? update.error} />
      <div className="card table-wrap">
        <table className="table" data-testid="accounts">
          <thead>
            <tr>
              <th>{t('auth.username')}</th>
              <th>{t('accounts.role')}</th>
              <th>{t('accounts.branches')}</th>
              <th>{t('accounts.lastLogin')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {accounts.data?.map((a) => (
              <tr key={a.id} className={a.disabled ? 'muted' : ''}>
                <td>
                  <strong>{a.displayName}</strong> <small className="muted">{a.username}</small>
                </td>
                <td>
                  {t(`auth.roles.${a.role}`)}
                  {a.role === 'manager' && a.canEditCatalog ? ` · ${t('accounts.canEditCatalog')}` : ''}
                </td>
                <td>{a.role === 'owner' ? t('common.allBranches') : branchCodes(a.branchIds)}</td>
                <td>
                  {a.lastLoginAt === null
                    ? t('common.never')
                    : formatDateTime(a.lastLoginAt, language as Locale)}
                </td>
                <td>
                  <Button
                    small
                    variant={a.disabled ? 'default' : 'danger'}
                    onClick={() => update.mutate({ id: a.id, body: { disabled: !a.disabled } })}
                  >
                    {a.disabled ? t('accounts.enable') : t('accounts.disable')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="card form" onSubmit={submit}>
        <h2>{t('accounts.new')}</h2>
        <div className="grid2">
          <Field label={t('auth.username')}>
            <input
              required
              minLength={3}
              autoComplete="off"
              value={form.username}
              onChange={(e) => setForm({ ...form, username: e.target.value })}
            />
          </Field>
          <Field label={t('auth.displayName')}>
            <input
              required
              value={form.displayName}
              onChange={(e) => setForm({ ...form, displayName: e.target.value })}
            />
          </Field>
          <Field label={t('auth.password')}>
            <input
              required
              type="password"
              autoComplete="new-password"
              minLength={MIN_PASSWORD}
              value={form.password}
              onChange={(e) => setForm({ ...form, password: e.target.value })}
            />
          </Field>
          <Field label={t('accounts.role')}>
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              <option value="manager">{t('auth.roles.manager')}</option>
              <option value="owner">{t('auth.roles.owner')}</option>
            </select>
          </Field>
        </div>
        {form.role === 'manager' && (
          <fieldset className="checks">
            <legend>{t('accounts.branches')}</legend>
            {branches.data?.map((b) => (
              <label key={b.id} className="check">
                <input
                  type="checkbox"
                  checked={form.branchIds.includes(b.id)}
                  onChange={(e) => toggleBranch(b.id, e.target.checked)}
                />
                {b.code} · {b.name}
              </label>
            ))}
            <label className="check">
              <input
                type="checkbox"
                checked={form.canEditCatalog ?? false}
                onChange={(e) => setForm({ ...form, canEditCatalog: e.target.checked })}
              />
              {t('accounts.canEditCatalog')}
            </label>
          </fieldset>
        )}
        <ErrorNote error={create.error} />
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {t('accounts.create')}
        </Button>
      </form>
      <PasswordForm />
    </section>
  );
}

function PasswordForm() {
  const { t } = useT();
  const api = useApi();
  const [body, setBody] = useState<PasswordChangeBody>({ currentPassword: '', newPassword: '' });
  const change = useMutation({
    mutationFn: (b: PasswordChangeBody) => api.send('POST', '/api/auth/password', b),
    onSuccess: () => setBody({ currentPassword: '', newPassword: '' }),
  });
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        change.mutate(body);
      }}
    >
      <h2>{t('accounts.changePassword')}</h2>
      <div className="grid2">
        <Field label={t('accounts.currentPassword')}>
          <input
            required
            type="password"
            autoComplete="current-password"
            value={body.currentPassword}
            onChange={(e) => setBody({ ...body, currentPassword: e.target.value })}
          />
        </Field>
        <Field label={t('accounts.newPassword')}>
          <input
            required
            type="password"
            autoComplete="new-password"
            minLength={MIN_PASSWORD}
            value={body.newPassword}
            onChange={(e) => setBody({ ...body, newPassword: e.target.value })}
          />
        </Field>
      </div>
      <ErrorNote error={change.error} />
      {change.isSuccess && <p className="ok">{t('accounts.passwordChanged')}</p>}
      <Button type="submit" disabled={change.isPending}>
        {t('accounts.changePassword')}
      </Button>
    </form>
  );
}
