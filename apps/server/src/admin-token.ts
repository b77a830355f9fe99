import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newToken } from './auth/token.ts';

export type AdminTokenSource = { token: string; generated: boolean };

/**
 * The admin token: from configuration, else the one kept in the data folder, else a new one written
 * there (mode 0600) and reported as generated so that main prints it once.
 */
export function loadAdminToken(configured: string | undefined, dataDir: string): AdminTokenSource {
  if (configured !== undefined) return { token: configured, generated: false };
  const file = join(dataDir, 'admin-token');
  try {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 16) return { token, generated: false };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = newToken('ka');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // `mode` applies only when the file is created
  return { token, generated: true };
}
