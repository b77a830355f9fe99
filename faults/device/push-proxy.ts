import { connect, createServer, type Socket } from 'node:net';

/**
 * `forward`: everything passes. `down`: the network is cut (connections reset, new ones refused).
 * `hold-push`: a push request (`POST /api/sync/push`) reaches the server, which commits it, but its
 * response is held back forever, so the device never learns the outcome.
 */
export type ProxyMode = 'forward' | 'down' | 'hold-push';

/** A TCP proxy between the cashier app's sync and the server (node:net), for device crashes. */
export interface PushProxy {
  readonly url: string;
  setMode(mode: ProxyMode): void;
  /** Push requests that reached the server through the proxy. */
  pushesForwarded(): number;
  /** Push requests whose response was held back. */
  pushesHeld(): number;
  close(): Promise<void>;
}

/** First line of an HTTP request starting in `chunk`, if it starts one. */
function requestLine(chunk: Buffer): string {
  return chunk.toString('latin1', 0, Math.min(chunk.length, 200)).split('\r\n')[0] ?? '';
}

/** Starts the proxy in `forward` mode in front of `target`. */
export async function startPushProxy(target: { host: string; port: number }): Promise<PushProxy> {
  let mode: ProxyMode = 'forward';
  let forwarded = 0;
  let held = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    if (mode === 'down') {
      client.destroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    // Once a push is held on this connection, nothing more comes back on it.
    let holding = false;
    client.on('data', (chunk: Buffer) => {
      if (requestLine(chunk).startsWith('POST /api/sync/push')) {
        forwarded++;
        if (mode === 'hold-push') {
          holding = true;
          held++;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!holding) client.write(chunk);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    setMode(next) {
      mode = next;
      if (next === 'down') for (const s of [...sockets]) s.destroy();
    },
    pushesForwarded: () => forwarded,
    pushesHeld: () => held,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of [...sockets]) s.destroy();
        server.close(() => resolve());
      }),
  };
}
