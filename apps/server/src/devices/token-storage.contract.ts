import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PairingCodeResponse, PairResponse } from '@kasir/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { useTestServer } from '../test/use-test-server.ts';
import { hashToken } from '../auth/token.ts';

/**
 * Tokens stored hashed (issue 6, Abuse): after a device is created and after it pairs, the devices
 * and pairing-code tables hold only sha256 hashes — the plaintext token and code appear in no row
 * (on SQLite, in no byte of the database files) — and a revoked token stops working at once.
 */
export function tokenStorageContract(engine: Engine): void {
  describe(`device tokens stored hashed [${engine}]`, () => {
    const t = useTestServer(engine);
    beforeAll(async () => {});

    /** Every row of the tables that hold credentials, as text. */
    const credentialRows = async (): Promise<string> => {
      const devices = await t.server.db.kysely.selectFrom('devices').selectAll().execute();
      const codes = await t.server.db.kysely.selectFrom('pairingCodes').selectAll().execute();
      return JSON.stringify({ devices, codes });
    };
    /** On SQLite, the database files themselves (main file and write-ahead log). */
    const fileBytes = (): string =>
      engine === 'sqlite'
        ? readdirSync(t.database.where)
            .filter((f) => f.startsWith('kasir.sqlite'))
            .map((f) => readFileSync(join(t.database.where, f)).toString('latin1'))
            .join('')
        : '';

    it('S13: the plaintext device token and pairing code are stored nowhere; only their hashes are', async () => {
      const branch = await t.branch('HSH');
      const device = await t.device(branch, 'Kasir hash');
      expect(device.token.length).toBeGreaterThanOrEqual(40);
      let rows = await credentialRows();
      expect(rows).not.toContain(device.token);
      expect(rows).toContain(hashToken(device.token));
      expect(fileBytes()).not.toContain(device.token);

      const code = (await t.admin('POST', `/api/admin/devices/${device.id}/pairing-code`))
        .body as PairingCodeResponse;
      const paired = await t.request('POST', '/api/devices/pair', { body: { code: code.code } });
      expect(paired.status).toBe(200);
      const { token } = paired.body as PairResponse;
      rows = await credentialRows();
      for (const secret of [token, code.code, device.token]) {
        expect(rows).not.toContain(secret);
        expect(fileBytes()).not.toContain(secret);
      }
      expect(rows).toContain(hashToken(token));
      // Pairing again replaced the token: the old one no longer works, the new one does.
      expect((await t.request('GET', '/api/device', { token: device.token })).status).toBe(401);
      expect((await t.request('GET', '/api/device', { token })).status).toBe(200);
    });

    it('S13: a revoked device token stops working at once, on every device route', async () => {
      const branch = await t.branch('RVK');
      const device = await t.device(branch, 'Kasir revoke');
      expect((await t.request('GET', '/api/device', { token: device.token })).status).toBe(200);
      expect((await t.admin('DELETE', `/api/admin/devices/${device.id}`)).status).toBe(204);
      for (const path of [
        '/api/device',
        '/api/sync/state',
        '/api/sync/pull?cursor=&limit=10',
        '/api/products',
      ]) {
        const r = await t.request('GET', path, { token: device.token });
        expect(r.status, path).toBe(401);
        expect((r.body as { error: { code: string } }).error.code).toBe('unauthorized');
      }
    });
  });
}
