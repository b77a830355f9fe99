import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unwrap } from '@kasir/admin-client';
import { spawnServer } from '@kasir/server/testing';
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

  it('runs another HTTP server script the same way (a benchmark peer), ready when its path answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-kit-'));
    const script = join(dir, 'peer.ts');
    writeFileSync(
      script,
      "import { createServer } from 'node:http';\n" +
        "createServer((_q, s) => s.end(process.env.GREETING)).listen(Number(process.env.PORT), '127.0.0.1');\n",
    );
    const peer = await spawnServer({ script, readyPath: '/', env: { GREETING: 'selamat pagi' } });
    try {
      expect(await (await fetch(peer.url)).text()).toBe('selamat pagi');
    } finally {
      await peer.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(peer.alive()).toBe(false);
  });
});
