import { Button, useT } from '@kasir/ui';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { AuthSetupStatus } from '@kasir/protocol';
import { Suspense, useEffect, useRef } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { isStatus } from './api.ts';
import { useApi } from './api-context.ts';
import { useMe } from '../common/queries.ts';
import { ErrorNote } from '../common/error-note.tsx';
import { saveLanguage, type Language } from '../i18n/create-i18n.ts';

const NAV = [
  ['/', 'dashboard', false],
  ['/products', 'products', false],
  ['/devices', 'devices', false],
  ['/sales', 'sales', false],
  ['/stock', 'stock', false],
  ['/monitoring', 'monitoring', false],
  ['/shifts', 'shifts', false],
  ['/refunds', 'refunds', false],
  ['/customers', 'customers', false],
  ['/branches', 'branches', false],
  ['/accounts', 'accounts', true],
  ['/staff', 'staff', false],
  ['/audit', 'audit', true],
] as const;

/**
 * The signed-in frame: navigation, who is signed in, language, sign-out. Without a session it
 * sends the person to `/setup` (no owner yet) or `/login?next=` (and back after).
 */
export function Shell({ storage }: { readonly storage: Pick<Storage, 'setItem'> }) {
  const { t, language, i18n } = useT();
  const api = useApi();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const signedOut = isStatus(me.error, 401);
  const nav = useRef<HTMLElement>(null);
  // On a phone the menu scrolls sideways: the screen shown keeps its tab in view (Stok, Refund, …
  // sat past the right edge, cut in half).
  useEffect(() => {
    nav.current?.querySelector('.active')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [location.pathname, me.data]);
  const setup = useQuery({
    queryKey: ['auth-setup'],
    queryFn: () => api.get<AuthSetupStatus>('/api/auth/setup'),
    enabled: signedOut,
  });
  if (me.isPending || (signedOut && setup.isPending)) return <p className="loading">{t('app.loading')}</p>;
  if (signedOut) {
    if (setup.data?.needsOwner === true) return <Navigate to="/setup" replace />;
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />;
  }
  if (me.error) return <ErrorNote error={me.error} />;
  const isOwner = me.data.role === 'owner';
  const switchLanguage = () => {
    const next: Language = language === 'id' ? 'en' : 'id';
    saveLanguage(storage, next);
    void i18n.changeLanguage(next);
  };
  const logout = async () => {
    await api.send('POST', '/api/auth/logout').catch(() => undefined);
    client.clear();
    await navigate('/login');
  };
  return (
    <div className="shell">
      <header className="shell__top">
        <strong className="shell__brand">{t('app.title')}</strong>
        <span className="shell__me muted">
          {me.data.displayName} · {t(`auth.roles.${me.data.role}`)}
        </span>
        <Button small onClick={switchLanguage} data-testid="language">
          {language === 'id' ? 'EN' : 'ID'}
        </Button>
        <Button small onClick={() => void logout()}>
          {t('app.logout')}
        </Button>
      </header>
      <nav className="shell__nav" aria-label={t('app.menu')} ref={nav}>
        {NAV.filter(([, , ownerOnly]) => isOwner || !ownerOnly).map(([to, key]) => (
          <NavLink key={to} to={to} end={to === '/'} className="shell__link">
            {t(`nav.${key}`)}
          </NavLink>
        ))}
      </nav>
      <main className="shell__main">
        <Suspense fallback={<p className="loading">{t('app.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
