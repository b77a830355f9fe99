import { httpFaults, startFaultProxy } from '@kasir/test-kit';

/**
 * `forward`: everything passes. `down`: the network is cut (connections reset, new ones refused).
 * `hold-push`: a push request (`POST /api/sync/push`) reaches the server, which commits it, but its
 * response is held back forever, so the device never learns the outcome.
 */
export type ProxyMode = 'forward' | 'down' | 'hold-push';

/** The kit's fault proxy between the cashier app's sync and the server, for device crashes. */
export interface PushProxy {
  readonly url: string;
  setMode(mode: ProxyMode): void;
  /** Push requests that reached the server through the proxy. */
  pushesForwarded(): number;
  /** Push requests whose response was held back. */
  pushesHeld(): number;
  close(): Promise<void>;
}

/** Starts the proxy in `forward` mode in front of the server at `serverUrl`. */
export async function startPushProxy(serverUrl: string): Promise<PushProxy> {
  let mode: ProxyMode = 'forward';
  let forwarded = 0;
  let held = 0;
  const target = new URL(serverUrl);
  const proxy = await startFaultProxy({
    target: { host: target.hostname, port: Number(target.port) },
    hooks: () =>
      httpFaults({
        onRequest({ method, path }) {
          if (method !== 'POST' || path !== '/api/sync/push') return 'pass';
          forwarded++;
          if (mode !== 'hold-push') return 'pass';
          held++;
          return 'hold-response';
        },
      }),
  });
  return {
    url: proxy.url,
    setMode(next) {
      mode = next;
      proxy.setOnline(next !== 'down');
    },
    pushesForwarded: () => forwarded,
    pushesHeld: () => held,
    close: () => proxy.close(),
  };
}
