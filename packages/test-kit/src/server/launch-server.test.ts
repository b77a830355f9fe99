import { existsSync } from 'node:fs';
import { unwrap } from '@kasir/admin-client';
import { describe, expect, it } from 'vitest';
import { startChildProcessServer, startInProcessServer } from './launch-server.ts';

describe('server launcher', () => {
  it('a child process killed with kill -9 starts again on the same data and port', async () => {
    const server = await startChildProcessServer('postgres');
    try {
      const branch = await server.admin.branch('KEEP');
      await server.kill9();
      expect(server.alive()).toBe(false);
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      await server.start();
      expect(server.applicationName).toBe(server.where);
      expect(unwrap(await server.admin.client.listBranches())).toEqual([branch]);
    } finally {
      await server.close();
    }
    expect(server.alive()).toBe(false);
  });

  it('in this process: its database is at hand, and removed on close', async () => {
    const real = await startInProcessServer('sqlite');
    const branch = await real.admin.branch('HERE');
    const rows = await real.server.db.kysely.selectFrom('branches').select('code').execute();
    expect(rows).toEqual([{ code: branch.code }]);
    expect(existsSync(real.where)).toBe(true);
    await real.close();
    expect(existsSync(real.where)).toBe(false);
  });
});
