import type { LoginBody, Me } from '@kasir/protocol';
import { Button, useT } from '@kasir/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { isStatus } from '../app/api.ts';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { Field } from '../common/field.tsx';

/** Only paths inside the app: `next` comes from the URL and must not send anyone elsewhere. */
export function safeNext(next: string | null): string {
  return next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginScreen() {
  const { t } = useT();
  const api = useApi();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form, setForm] = useState<LoginBody>({ username: '', password: '' });
  const login = useMutation({
    mutationFn: (body: LoginBody) => api.send<Me>('POST', '/api/auth/login', body),
    onSuccess: async (me) => {
      client.setQueryData(['me'], me);
      await navigate(safeNext(params.get('next')), { replace: true });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate(form);
  };
  return (
    <main className="auth">
      <form className="card auth__card" onSubmit={submit}>
        <h1>{t('auth.loginTitle')}</h1>
        <Field label={t('auth.username')}>
          <input
            name="username"
            autoComplete="username"
            required
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.target.value })}
          />
        </Field>
        <Field label={t('auth.password')}>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
        </Field>
        {isStatus(login.error, 401) ? (
          <p className="error" role="alert">
            {t('auth.wrongCredentials')}
          </p>
        ) : (
          <ErrorNote error={login.error} />
        )}
        <Button type="submit" variant="primary" disabled={login.isPending}>
          {t('auth.login')}
        </Button>
      </form>
    </main>
  );
}
