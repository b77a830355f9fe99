import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAdminToken } from '../admin-token.ts';
import { openDatabase } from './open-database.ts';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('SQLite data folder permissions (issue 17)', () => {
  const dirs: string[] = [];
  const scratch = () => {
    const d = mkdtempSync(join(tmpdir(), 'kasir-modes-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates the data folder 0700 and the database, -wal, -shm and admin-token files 0600', async () => {
    const dataDir = join(scratch(), 'data');
    const db = openDatabase({ engine: 'sqlite', dataDir });
    await sql`create table t (x integer)`.execute(db.kysely);
    await sql`insert into t values (1)`.execute(db.kysely);
    loadAdminToken(undefined, dataDir);
    expect(mode(dataDir)).toBe(0o700);
    for (const f of ['kasir.sqlite', 'kasir.sqlite-wal', 'kasir.sqlite-shm', 'admin-token']) {
      expect({ f, mode: mode(join(dataDir, f)) }).toEqual({ f, mode: 0o600 });
    }
    await db.close();
  });

  it('tightens the folder and files of an older install (0755, 0644)', async () => {
    const dataDir = join(scratch(), 'old');
    mkdirSync(dataDir, { mode: 0o755 });
    const old = openDatabase({ engine: 'sqlite', dataDir, fileName: 'x.sqlite' });
    await old.close();
    // As an older version left them.
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'x.sqlite'), 0o644);
    const db = openDatabase({ engine: 'sqlite', dataDir, fileName: 'x.sqlite' });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'x.sqlite'))).toBe(0o600);
    await db.close();
  });
});
