import { connect, createServer, type Socket } from 'node:net';

/**
 * A TCP proxy between the server and PostgreSQL that can make the database unreachable: `cut()`
 * destroys every open connection and refuses new ones (accepted, then destroyed at once), as a
 * PostgreSQL restart looks from the server; `restore()` lets connections through again. It models a
 * restart without touching the PostgreSQL service that other tests share.
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
  const targetPort = Number(target.port || 5432);
  let up = true;
  let dropped = 0;
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  const server = createServer((client) => {
    if (!up) {
      dropped++;
      client.destroy();
      return;
    }
    const upstream = connect(targetPort, target.hostname);
    // No Nagle: the protocol is many small request/answer round trips (as pg sets on its own socket).
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    sockets.add(client);
    sockets.add(upstream);
    clients.add(client);
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      clients.delete(client);
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString(),
    cut() {
      up = false;
      dropped += clients.size;
      for (const s of [...sockets]) s.destroy();
    },
    restore() {
      up = true;
    },
    get dropped() {
      return dropped;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of [...sockets]) s.destroy();
        server.close(() => resolve());
      }),
  };
}
