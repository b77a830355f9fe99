import { connect, createServer, type Socket } from 'node:net';
import { pipe, type PipeHooks, type Piped } from './pipe.ts';

export interface FaultProxyOptions {
  /** Where connections go. */
  readonly target: { readonly host: string; readonly port: number };
  /** Hooks for each new connection; state of one connection lives in the closure made here. */
  readonly hooks?: (client: Socket) => PipeHooks;
  /** No Nagle on both sockets, for protocols of many small round trips (PostgreSQL's). */
  readonly noDelay?: boolean;
  /** A connection was refused (the proxy is offline). */
  readonly onRefused?: () => void;
}

/**
 * A TCP proxy on a free port of 127.0.0.1 that can take the network down: while offline, open
 * connections are cut and new ones refused (accepted, then destroyed at once), as a device losing
 * its network or a database restarting looks from the other end. Faults finer than that are
 * hooks on each connection (see `pipe`, `httpFaults`).
 */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  isOnline(): boolean;
  /** `false` cuts every open connection and refuses new ones; `true` lets them through again. */
  setOnline(online: boolean): void;
  /** Connections open now. */
  connections(): ReadonlySet<Piped>;
  /** Connections refused while offline, and open connections cut by going offline, so far. */
  refused(): number;
  cut(): number;
  close(): Promise<void>;
}

/** Starts a proxy in front of `target`, online. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let online = true;
  let refused = 0;
  let cut = 0;
  const open = new Set<Piped>();
  const server = createServer((client) => {
    if (!online) {
      refused++;
      options.onRefused?.();
      client.destroy();
      return;
    }
    const upstream = connect(options.target.port, options.target.host);
    if (options.noDelay === true) {
      client.setNoDelay(true);
      upstream.setNoDelay(true);
    }
    const hooks = options.hooks?.(client) ?? {};
    const piped = pipe(client, upstream, {
      ...hooks,
      onClose() {
        open.delete(piped);
        hooks.onClose?.();
      },
    });
    open.add(piped);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
  const cutAll = (): void => {
    for (const p of [...open]) p.cut();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    isOnline: () => online,
    setOnline(value) {
      online = value;
      if (value) return;
      cut += open.size;
      cutAll();
    },
    connections: () => open,
    refused: () => refused,
    cut: () => cut,
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}
