import type { PipeHooks } from './pipe.ts';

/** The head of one HTTP/1.1 request as it passes the proxy. */
export interface RequestHead {
  readonly method: string;
  /** Without the query string. */
  readonly path: string;
  /** The whole request line, e.g. `GET /api/sync/pull?cursor=abc HTTP/1.1`. */
  readonly line: string;
}

/**
 * What to do to one request:
 * - `pass`;
 * - `lose-response`: it reaches the server whole, and the connection is cut as the response starts
 *   to come back. The server answered, so it committed; the client never hears it (S3).
 * - `hold-response`: it reaches the server, and nothing comes back on this connection any more.
 */
export type RequestFault = 'pass' | 'lose-response' | 'hold-response';

export interface HttpFaultHooks {
  /** Each request as its head arrives (none after a WebSocket upgrade: those are frames). */
  onRequest?(request: RequestHead): RequestFault;
  /** A response was lost as it came back. */
  onResponseLost?(request: RequestHead): void;
}

const REQUEST_LINE = /^([A-Z]+) ([^\s?]+)\S* HTTP\/1\.[01]\r\n/;

/**
 * Hooks for one HTTP connection that decide per request. Node's fetch (undici) and Socket.IO send
 * one request at a time per connection (no pipelining), so a request line can only start a chunk.
 */
export function httpFaults(hooks: HttpFaultHooks): PipeHooks {
  let upgraded = false;
  let losing: RequestHead | null = null;
  let holding = false;
  return {
    fromClient(chunk) {
      if (upgraded) return 'forward';
      const m = REQUEST_LINE.exec(chunk.toString('latin1', 0, Math.min(chunk.length, 2048)));
      if (m === null) return 'forward';
      const request = { method: m[1]!, path: m[2]!, line: m[0].trimEnd() };
      const fault = hooks.onRequest?.(request) ?? 'pass';
      if (fault === 'lose-response') losing = request;
      else if (fault === 'hold-response') holding = true;
      return 'forward';
    },
    fromUpstream(chunk) {
      if (holding) return 'hold';
      if (losing !== null) {
        hooks.onResponseLost?.(losing);
        losing = null;
        return 'cut';
      }
      if (!upgraded && chunk.toString('latin1', 0, 12) === 'HTTP/1.1 101') upgraded = true;
      return 'forward';
    },
  };
}
