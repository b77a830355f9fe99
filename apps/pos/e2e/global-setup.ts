import { resolve } from 'node:path';
import { build } from 'vite';

/** Builds the PWA once before the browser tests: the server serves apps/pos/dist at `/`. */
export default async function setup(): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  // Vitest sets NODE_ENV=test, which would make Vite build React's development bundle and leave
  // out the service worker registration (import.meta.env.PROD): build what a shop runs.
  const previous = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({ root, configFile: resolve(root, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (previous === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = previous;
  }
}
