import type { Socket } from 'node:net';

/**
 * What becomes of one chunk on its way through a pipe:
 * - `forward`: it passes;
 * - `hold`: it is swallowed, and the connection stays open (the other end waits for ever);
 * - `cut`: it does not pass, and both sockets are destroyed (the other end sees a reset).
 */
export type Verdict = 'forward' | 'hold' | 'cut';

/** Fault hooks on one connection: each sees every chunk in its direction before it passes. */
export interface PipeHooks {
  fromClient?(chunk: Buffer): Verdict;
  fromUpstream?(chunk: Buffer): Verdict;
  /** Both sockets are gone (closed, failed or cut). Called once. */
  onClose?(): void;
}

/** A client connection joined to its upstream connection. */
export interface Piped {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Destroys both sockets now. */
  cut(): void;
}

/**
 * Joins `client` to `upstream` both ways through `hooks`; when either side closes or fails, both
 * are destroyed. Chunks are written as they come (no backpressure): these are test connections.
 */
export function pipe(client: Socket, upstream: Socket, hooks: PipeHooks = {}): Piped {
  let closed = false;
  const cut = (): void => {
    client.destroy();
    upstream.destroy();
    if (closed) return;
    closed = true;
    hooks.onClose?.();
  };
  const relay = (from: Socket, to: Socket, hook: ((chunk: Buffer) => Verdict) | undefined): void => {
    from.on('data', (chunk: Buffer) => {
      const verdict = hook?.(chunk) ?? 'forward';
      if (verdict === 'forward') to.write(chunk);
      else if (verdict === 'cut') cut();
    });
  };
  relay(client, upstream, hooks.fromClient?.bind(hooks));
  relay(upstream, client, hooks.fromUpstream?.bind(hooks));
  for (const s of [client, upstream]) {
    s.on('close', cut);
    s.on('error', cut);
  }
  return { client, upstream, cut };
}
