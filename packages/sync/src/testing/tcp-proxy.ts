import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of a real server, for faults the engine must survive: going offline (all
 * connections cut, new ones refused) and a response lost after the server committed (the request
 * is forwarded, the answer never comes back, the connection is reset). Node only.
 */
export interface TcpProxy {
  readonly url: string;
  setOnline(online: boolean): void;
  /** The next request whose first line contains `match` reaches the server; its response is dropped. */
  loseNextResponse(match: string): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let online = true;
  let loseMatch: string | null = null;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (!online) {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    let dropResponses = false;
    client.on('data', (chunk: Buffer) => {
      if (loseMatch !== null && chunk.toString('latin1', 0, 200).split('\r\n')[0]?.includes(loseMatch)) {
        loseMatch = null;
        dropResponses = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (dropResponses) {
        // The server answered, so it committed: cut the client off before it hears it.
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    setOnline(value) {
      online = value;
      if (!value) for (const s of [...sockets]) s.destroy();
    },
    loseNextResponse(match) {
      loseMatch = match;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of [...sockets]) s.destroy();
        server.close(() => resolve());
      }),
  };
}
