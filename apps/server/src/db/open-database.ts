import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { JsonRowsPlugin } from './json-rows-plugin.ts';
import type { Database } from './schema.ts';

/** Which engine a database handle runs on; a few statements differ (isolation levels). */
export type Engine = 'sqlite' | 'postgres';

export interface Db {
  /** Writes, and reads that must see the writer's own transaction. */
  readonly kysely: Kysely<Database>;
  /**
   * Reads that need only committed data (auth, pulls, lists). On SQLite a second connection: in WAL
   * mode it reads the last commit while a group commit holds the writer, so a request never queues
   * behind someone else's transaction. On PostgreSQL the same pool.
   */
  readonly reader: Kysely<Database>;
  readonly engine: Engine;
  /** PostgreSQL: the connection pool now (readiness, /metrics); absent on SQLite. */
  readonly pool?: () => PoolStats;
  close(): Promise<void>;
}

/** A connection pool's state: `waiting` queries found no free connection. */
export interface PoolStats {
  readonly max: number;
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

/** Connections per process when DATABASE_POOL_SIZE is unset. */
export const DEFAULT_POOL_SIZE = 10;

export type DatabaseOptions =
  | { readonly engine: 'sqlite'; readonly dataDir: string; readonly fileName?: string }
  | {
      readonly engine: 'postgres';
      readonly url: string;
      /** Schema to use (tests isolate themselves in a schema of their own). */
      readonly schema?: string;
      readonly poolSize?: number;
      /**
       * How long a query waits for a connection (a new one to open, or a busy pool to free one)
       * before failing as unavailable (503); default 10 s. Without it, a database that drops
       * packets instead of refusing would hold requests until the OS gives up, minutes later.
       */
      readonly connectTimeoutMs?: number;
    };

const INT8_OID = 20;

/**
 * Kysely's SQLite driver prepares every statement anew; preparing cost more than running on the
 * sale path (measured in the B4 profile). Statements are reusable, so keep the recent ones by SQL
 * text. Bounded: queries with variable-length IN lists make many distinct texts.
 */
function withStatementCache(db: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = db.prepare.bind(db);
  return Object.assign(Object.create(db) as SQLite.Database, {
    prepare(source: string) {
      let stmt = cache.get(source);
      if (stmt === undefined) {
        stmt = prepare(source);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(source, stmt);
      }
      return stmt;
    },
    close: () => db.close(),
  });
}

/**
 * The data folder holds sales, device token hashes and the admin token: only the server's user may
 * read it (issue 17 found 0644 files in a 0755 folder). The folder is made 0700 and the database
 * file is created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the database
 * file's mode. Folders and files of an older install are tightened too, where permitted.
 */
export function secureDataDir(dataDir: string, fileName: string): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, fileName);
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  const tighten = (p: string, mode: number) => {
    try {
      chmodSync(p, mode);
    } catch (e) {
      // Someone else's folder (EPERM) or a file that is gone: leave it as it is.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOENT') throw e;
    }
  };
  tighten(dataDir, 0o700);
  for (const f of [path, `${path}-wal`, `${path}-shm`]) tighten(f, 0o600);
  return path;
}

/** pg's parsers, except int8 as a number: all our integers stay far below 2^53. */
const typeParser = ((oid: number, format: 'text' | 'binary' = 'text'): unknown =>
  oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser;

/**
 * Opens the server database. SQLite: WAL with `synchronous=FULL`, so an acknowledged sale survives a
 * power cut (README.md). PostgreSQL: a pool; int8 columns come back as numbers (all our integers
 * stay far below 2^53).
 */
export function openDatabase(opts: DatabaseOptions): Db {
  if (opts.engine === 'sqlite') {
    const path = secureDataDir(opts.dataDir, opts.fileName ?? 'kasir.sqlite');
    const file = new SQLite(path);
    file.pragma('journal_mode = WAL');
    file.pragma('synchronous = FULL');
    file.pragma('foreign_keys = ON');
    file.pragma('busy_timeout = 5000');
    const readFile = new SQLite(path, { readonly: true });
    readFile.pragma('busy_timeout = 5000');
    const kysely = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(file) }),
      plugins: [new CamelCasePlugin()],
    });
    const reader = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(readFile) }),
      plugins: [new CamelCasePlugin()],
    });
    return {
      kysely,
      reader,
      engine: 'sqlite',
      async close() {
        await reader.destroy();
        await kysely.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    ...(opts.schema === undefined ? {} : { options: `-c search_path=${opts.schema}` }),
    types: { getTypeParser: typeParser },
  });
  // An idle client that loses its connection (database restart) must not crash the process;
  // the next query gets a fresh connection and failing requests answer 503.
  pool.on('error', () => undefined);
  // The pool listens for errors only on idle clients. A checked-out client whose connection dies
  // between two queries (pg_terminate_backend during a transaction) emits 'error' with no listener,
  // which killed the process (found by the fault suite, issue 6). Its pending or next query fails
  // anyway (answered 503) and the pool drops the broken client on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin(), new JsonRowsPlugin()],
  });
  const max = opts.poolSize ?? DEFAULT_POOL_SIZE;
  return {
    kysely,
    reader: kysely,
    engine: 'postgres',
    pool: () => ({ max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => kysely.destroy(),
  };
}
