import type { Me, SetupBody } from '@kasir/protocol';
import { Button, useT } from '@kasir/ui';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { isStatus } from '../app/api.ts';
import { useApi } from '../app/api-context.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { Field } from '../common/field.tsx';

/** Mirrors `MIN_PASSWORD_LENGTH` of the protocol (a constant, so zod stays out of this chunk). */
export const MIN_PASSWORD = 10;

/** First run: the setup token (the admin token printed at first start) and the owner account. */
export function SetupScreen() {
  const { t } = useT();
  const api = useApi();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    setupToken: '',
    username: '',
    displayName: '',
    password: '',
    repeat: '',
  });
  const setup = useMutation({
    mutationFn: (body: SetupBody) => api.send<Me>('POST', '/api/auth/setup', body),
    onSuccess: async (me) => {
      client.setQueryData(['me'], me);
      await navigate('/');
    },
  });
  const mismatch = form.repeat !== '' && form.password !== form.repeat;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.password !== form.repeat) return;
    const { repeat: _repeat, ...body } = form;
    setup.mutate(body);
  };
  const field = (name: keyof typeof form, label: string, type = 'text', extra: object = {}) => (
    <Field label={label}>
      <input
        name={name}
        type={type}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        required
        {...extra}
      />
    </Field>
  );
  return (
    <main className="auth">
      <form className="card auth__card" onSubmit={submit}>
        <h1>{t('auth.setupTitle')}</h1>
        <p className="muted">{t('auth.setupIntro')}</p>
        {field('setupToken', t('auth.setupToken'), 'password', { autoComplete: 'off' })}
        {field('username', t('auth.username'), 'text', {
          autoComplete: 'username',
          minLength: 3,
          pattern: '[A-Za-z0-9._\\-]+',
          // The rule in words, in the browser's own "match the requested format" bubble too.
          title: t('auth.usernameRule'),
        })}
        <small className="muted">{t('auth.usernameRule')}</small>
        {field('displayName', t('auth.displayName'))}
        {field('password', t('auth.password'), 'password', {
          autoComplete: 'new-password',
          minLength: MIN_PASSWORD,
        })}
        <small className="muted">{t('auth.passwordHint', { min: MIN_PASSWORD })}</small>
        {field('repeat', t('auth.passwordRepeat'), 'password', { autoComplete: 'new-password' })}
        {mismatch && <p className="error">{t('auth.passwordMismatch')}</p>}
        {isStatus(setup.error, 401) ? (
          <p className="error" role="alert">
            {t('auth.wrongToken')}
          </p>
        ) : isStatus(setup.error, 409) ? (
          <p className="error" role="alert">
            {t('auth.ownerExists')} <Link to="/login">{t('auth.login')}</Link>
          </p>
        ) : (
          <ErrorNote error={setup.error} />
        )}
        <Button type="submit" variant="primary" disabled={setup.isPending || mismatch}>
          {t('auth.createOwner')}
        </Button>
      </form>
    </main>
  );
}
