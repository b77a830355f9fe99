import { resolve } from 'node:path';
import { build } from 'vite';

/**
 * Builds what the server serves before the browser tests: the till (apps/pos/dist, at `/`) and the
 * back office (apps/admin/dist, at `/admin/`), as production bundles (Vitest sets NODE_ENV=test,
 * which would build React's development bundle).
 */
export default async function setup(): Promise<void> {
  const previous = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    for (const app of ['pos', 'admin']) {
      const root = resolve(import.meta.dirname, '../..', app);
      await build({
        root,
        configFile: resolve(root, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'warn',
      });
    }
  } finally {
    if (previous === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = previous;
  }
}
