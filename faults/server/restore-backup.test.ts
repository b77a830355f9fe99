import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom, type SaleAuditRun } from '@kasir/sync';
import { ENGINES, createCleanup, startChildProcessServer, type ChildProcessServer } from '@kasir/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { faultOptions } from '../lib/fault-options.ts';
import { checkBranch, drainAll, startServerBranch, stopAll } from './server-devices.ts';

/**
 * Server restored from a backup (issue 16): the server's database is put back to a copy taken
 * minutes earlier while the tills sell. Every sale acknowledged after the backup is gone from the
 * server; the tills' sale audit must find each of them and send it again, so that in the end every
 * sale a till made is on the server exactly once. The restore is what an operator does: stop the
 * server, put the backup's files (SQLite) or dump (PostgreSQL, pg_dump of the schema) back, start.
 */
const opts = faultOptions();
const PG_URL = process.env.KASIR_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A backup of the server's database, and how to put it back. */
interface Backup {
  restore(): void;
}

function backup(srv: ChildProcessServer): Backup {
  const dir = mkdtempSync(join(tmpdir(), 'kasir-backup-'));
  if (srv.engine === 'sqlite') {
    // Taken with the server stopped (kill -9 included): the files, WAL too, are a consistent copy.
    const files = readdirSync(srv.where).filter((f) => f.startsWith('kasir.sqlite'));
    for (const f of files) copyFileSync(join(srv.where, f), join(dir, f));
    return {
      restore() {
        for (const f of readdirSync(srv.where).filter((x) => x.startsWith('kasir.sqlite')))
          rmSync(join(srv.where, f));
        for (const f of files) copyFileSync(join(dir, f), join(srv.where, f));
      },
    };
  }
  const file = join(dir, 'dump.sql');
  execFileSync('pg_dump', ['--dbname', PG_URL, '--schema', srv.where, '--no-owner', '--file', file]);
  return {
    restore() {
      execFileSync('psql', [
        '--dbname',
        PG_URL,
        '--quiet',
        '--command',
        `drop schema "${srv.where}" cascade`,
      ]);
      execFileSync('psql', ['--dbname', PG_URL, '--quiet', '--set', 'ON_ERROR_STOP=1', '--file', file]);
    },
  };
}

describe.each(ENGINES)('server restored from a backup [%s]', (engine) => {
  const cleanup = createCleanup();
  afterEach(() => cleanup.run());

  it('the sale audit brings back every sale acknowledged after the backup, each exactly once', async () => {
    const random = seededRandom(opts.seed * 307 + (engine === 'sqlite' ? 1 : 2));
    const srv = await startChildProcessServer(engine);
    cleanup.defer(() => srv.close());
    const branch = await startServerBranch({
      serverUrl: srv.url,
      adminToken: srv.adminToken,
      code: 'RB',
      productCount: 20,
      deviceCount: 3,
      namePrefix: `restore-${engine}`,
      seed: opts.seed,
    });
    const { devices, products } = branch;
    cleanup.defer(() => stopAll(devices));
    const sellRound = async (n: number) => {
      for (const d of devices) for (let i = 0; i < n; i++) expect(await d.sell(products, random)).toBe(true);
    };
    const perRound = opts.durationS >= 60 ? 60 : 15;

    await sellRound(perRound);
    await drainAll(devices);
    // The backup: taken while the tills keep selling (they sell offline while the server is down).
    await srv.kill9();
    const copy = backup(srv);
    await sellRound(perRound);
    await srv.start();
    await drainAll(devices);
    // Minutes of business after the backup, all acknowledged: the server alone holds them now.
    await sellRound(perRound);
    await drainAll(devices);
    const acknowledgedAfterBackup = 2 * perRound * devices.length;

    // The restore, while the tills sell on.
    await srv.kill9();
    copy.restore();
    await sellRound(5);
    await srv.start();
    await drainAll(devices);

    const audits: SaleAuditRun[] = [];
    for (const d of devices) {
      const run = await d.client.auditSales();
      if (!('kind' in run)) throw new Error(`${d.name} is not the leader`);
      audits.push(run);
    }
    const requeued = audits.reduce(
      (n, a) => n + (a.kind === 'error' || a.kind === 'unsupported' ? 0 : a.requeued),
      0,
    );
    expect(audits.map((a) => a.kind)).toEqual(devices.map(() => 'repaired'));
    expect(requeued).toBe(acknowledgedAfterBackup);
    await drainAll(devices);
    // The restore also moved the feed back below the tills' cursors: their integrity check sees it
    // and downloads again (what the nightly heavy work does).
    for (const d of devices) await d.client.checkIntegrity({ repair: true });

    await checkBranch(srv.url, branch, {
      scenario: 'server restored from a backup',
      engine,
      seed: opts.seed,
      durationS: opts.durationS,
      faults: { restore: 1 },
      extra: { 'sales re-sent by the audit': requeued },
    });
    for (const d of devices) {
      const again = await d.client.auditSales();
      expect('kind' in again && again.kind).toBe('ok');
    }
    expect(existsSync(srv.where) || engine === 'postgres').toBe(true);
  }, 300_000);
});
