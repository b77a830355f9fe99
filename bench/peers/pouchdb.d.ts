/**
 * Minimal local types for the peer packages of `npm run bench:peers` (they ship none): only what
 * bench/peers uses. The packages live in bench/peers/node_modules, installed by bench/peers/run.ts.
 */

declare module 'pouchdb-node' {
  export interface PouchDoc {
    _id: string;
    _rev?: string;
    _deleted?: boolean;
    [field: string]: unknown;
  }

  export interface PutResult {
    ok?: boolean;
    id?: string;
    rev?: string;
    error?: string;
    reason?: string;
  }

  export interface ChangesResultRow {
    id: string;
    seq: number | string;
    doc?: PouchDoc;
  }

  /**
   * A live or one-shot changes feed: an event emitter that is also awaitable. (`on` returns the
   * feed itself; typed void here so that registering a listener is not mistaken for a promise.)
   */
  export interface ChangesFeed extends PromiseLike<{ results: ChangesResultRow[] }> {
    on(event: 'change', fn: (row: ChangesResultRow) => void): void;
    on(event: 'error', fn: (err: unknown) => void): void;
    on(event: 'complete', fn: (info: unknown) => void): void;
    cancel(): void;
  }

  export interface ReplicationInfo {
    ok?: boolean;
    docs_read: number;
    docs_written: number;
    docs?: PouchDoc[];
    errors?: unknown[];
  }

  /** A replication: an event emitter that is also awaitable (one-shot) or cancellable (live). */
  export interface Replication extends PromiseLike<ReplicationInfo> {
    on(event: 'change', fn: (info: ReplicationInfo) => void): void;
    on(event: 'paused' | 'active' | 'denied' | 'error', fn: (err?: unknown) => void): void;
    on(event: 'complete', fn: (info: ReplicationInfo) => void): void;
    cancel(): void;
  }

  export interface ReplicateOptions {
    batch_size?: number;
    batches_limit?: number;
    live?: boolean;
    retry?: boolean;
  }

  export interface Database {
    readonly name: string;
    info(): Promise<{ doc_count: number; update_seq: number | string; adapter?: string }>;
    put(doc: PouchDoc): Promise<PutResult>;
    get(id: string): Promise<PouchDoc>;
    bulkDocs(docs: readonly PouchDoc[]): Promise<PutResult[]>;
    allDocs(opts: { keys?: readonly string[]; include_docs?: boolean; limit?: number }): Promise<{
      total_rows: number;
      rows: { id: string; key: string; value: { rev: string }; doc?: PouchDoc }[];
    }>;
    changes(opts: {
      since?: number | string; // a sequence, or 'now'
      live?: boolean;
      include_docs?: boolean;
      heartbeat?: number | false;
      timeout?: number | false;
    }): ChangesFeed;
    close(): Promise<void>;
    destroy(): Promise<void>;
  }

  export interface PouchDBStatic {
    new (name: string, opts?: { adapter?: string; prefix?: string }): Database;
    plugin(plugin: unknown): PouchDBStatic;
    defaults(opts: { prefix?: string; adapter?: string }): PouchDBStatic;
    replicate(source: string | Database, target: string | Database, opts?: ReplicateOptions): Replication;
  }

  const PouchDB: PouchDBStatic;
  export default PouchDB;
}

declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}

declare module 'express-pouchdb' {
  import type { RequestListener } from 'node:http';
  import type { PouchDBStatic } from 'pouchdb-node';

  export interface ExpressPouchDBOptions {
    mode?: 'fullCouchDB' | 'minimumForPouchDB' | 'custom';
    configPath?: string;
    logPath?: string;
    inMemoryConfig?: boolean;
  }

  /** An express sub-application serving the CouchDB HTTP API over the given PouchDB. */
  function expressPouchDB(pouch: PouchDBStatic, opts?: ExpressPouchDBOptions): RequestListener;
  export default expressPouchDB;
}

declare module 'express' {
  import type { RequestListener, Server } from 'node:http';

  export interface Application extends RequestListener {
    use(path: string, handler: RequestListener): Application;
    listen(port: number, host: string, cb: () => void): Server;
  }

  function express(): Application;
  export default express;
}
