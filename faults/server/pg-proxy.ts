import { startFaultProxy } from '@kasir/test-kit';

/**
 * The kit's fault proxy between the server and PostgreSQL, to make the database unreachable:
 * `cut()` destroys every open connection and refuses new ones (accepted, then destroyed at once), as
 * a PostgreSQL restart looks from the server; `restore()` lets connections through again. It models
 * a restart without touching the PostgreSQL service that other tests share.
 */
export interface PgProxy {
  /** `postgres://postgres@127.0.0.1:<port>/<database>`, for the server's DATABASE_URL. */
  readonly url: string;
  cut(): void;
  restore(): void;
  /** Server connections refused or destroyed by cuts so far. */
  readonly dropped: number;
  close(): Promise<void>;
}

/** Starts the proxy in front of the PostgreSQL of `targetUrl` (host, port and database are kept). */
export async function startPgProxy(targetUrl: string): Promise<PgProxy> {
  const target = new URL(targetUrl);
  const proxy = await startFaultProxy({
    target: { host: target.hostname, port: Number(target.port || 5432) },
    // The protocol is many small request/answer round trips (pg sets no Nagle on its own socket).
    noDelay: true,
  });
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${proxy.port}`;
  return {
    url: url.toString(),
    cut: () => proxy.setOnline(false),
    restore: () => proxy.setOnline(true),
    get dropped() {
      return proxy.refused() + proxy.cut();
    },
    close: () => proxy.close(),
  };
}
