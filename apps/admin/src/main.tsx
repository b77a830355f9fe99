import { I18nContext } from '@kasir/ui';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createApi, isStatus } from './app/api.ts';
import { ApiContext } from './app/api-context.ts';
import { routes } from './app/routes.tsx';
import { createI18n, savedLanguage } from './i18n/create-i18n.ts';
import '@kasir/ui/tokens.css';
import '@kasir/ui/base.css';
import '@kasir/ui/controls.css';
import './app/admin.css';

/** The composition root: the only place that touches browser globals and wires the app. */
async function main(): Promise<void> {
  const storage = window.localStorage;
  const i18n = await createI18n(savedLanguage(storage));
  const api = createApi((url, init) => fetch(url, init));
  const queryClient = new QueryClient({
    defaultOptions: {
      // 4xx answers are final; network and 5xx are retried (the server recovers by itself).
      queries: {
        retry: (n, e) => n < 3 && !(isStatus(e, 401) || isStatus(e, 403) || isStatus(e, 404)),
        staleTime: 5_000,
      },
    },
  });
  const router = createBrowserRouter(routes(storage), { basename: '/admin' });
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <I18nContext.Provider value={i18n}>
      <ApiContext.Provider value={api}>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </ApiContext.Provider>
    </I18nContext.Provider>,
  );
}

void main();
