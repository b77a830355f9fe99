import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev -w @kasir/admin`: the back office on Vite's dev server, the API proxied to a running
// server, so the session cookie is same-origin as in production.
const devServer = process.env['KASIR_SERVER_URL'] ?? 'http://localhost:8080';

/**
 * The back office is served by the server at `/admin/` (SPA fallback to index.html). Online-only:
 * no service worker. Every screen is its own chunk (routes are lazy), so the first load on a slow
 * mobile link carries the shell only.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: '/admin/',
  plugins: [react()],
  server: { proxy: { '/api': devServer } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // What the first load needs from node_modules in two named chunks: they change less often than
    // the app (cache), and the bundle report reads plainly.
    rolldownOptions: {
      output: {
        advancedChunks: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: 'libs',
              test: /node_modules[\\/](react-router|@tanstack[\\/](react-query|query-core)|i18next|cookie|set-cookie-parser)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
