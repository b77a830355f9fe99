import { resolve } from 'node:path';
import { build } from 'vite';

/** Builds the PWA once before the browser tests: the server serves apps/pos/dist at `/`. */
export default async function setup(): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  await build({ root, configFile: resolve(root, 'vite.config.ts'), logLevel: 'warn' });
}
