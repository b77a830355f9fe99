import { startFaultProxy } from './fault-proxy.ts';
import { httpFaults } from './http-faults.ts';

/**
 * The network link of one device to the server, for scripted faults: going offline, and a
 * response lost after the server committed. It counts the faults it really injected: a test must
 * be able to show that its faults happened, not only that it asked for them.
 */
export interface LinkProxy {
  /** Base URL the device talks to instead of the server's. */
  readonly url: string;
  isOnline(): boolean;
  /** `false` cuts the open connections and refuses new ones until `true`. */
  setOnline(online: boolean): void;
  /** The next request whose line contains `match` reaches the server; its response is lost. */
  loseNextResponse(match: string): void;
  /** Forgets an armed `loseNextResponse` that has not fired yet. */
  cancelLoss(): void;
  /** Responses lost after the server had the request. */
  dropped(): number;
  /** Open connections cut by going offline. */
  cut(): number;
  close(): Promise<void>;
}

/** Starts a link in front of the server at `serverUrl`, online. */
export async function startLinkProxy(serverUrl: string): Promise<LinkProxy> {
  const target = new URL(serverUrl);
  let loseMatch: string | null = null;
  let dropped = 0;
  const proxy = await startFaultProxy({
    target: { host: target.hostname, port: Number(target.port || 80) },
    hooks: () =>
      httpFaults({
        onRequest(request) {
          if (loseMatch === null || !request.line.includes(loseMatch)) return 'pass';
          loseMatch = null;
          return 'lose-response';
        },
        onResponseLost: () => void dropped++,
      }),
  });
  return {
    url: proxy.url,
    isOnline: () => proxy.isOnline(),
    setOnline: (online) => proxy.setOnline(online),
    loseNextResponse(match) {
      loseMatch = match;
    },
    cancelLoss() {
      loseMatch = null;
    },
    dropped: () => dropped,
    cut: () => proxy.cut(),
    close: () => proxy.close(),
  };
}
