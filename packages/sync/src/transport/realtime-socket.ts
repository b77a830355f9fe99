import type { RealtimeAuth } from '@kasir/protocol';

/** What a socket reports; payloads are `unknown` because the engine validates them (S6). */
export interface RealtimeListener {
  onConnect(): void;
  onDisconnect(reason: string): void;
  /** Handshake refused: `data` carries the server's error envelope when it sent one. */
  onConnectError(error: { readonly message: string; readonly data?: unknown }): void;
  onEvent(name: string, payload: unknown): void;
}

/** A realtime connection the engine opens and closes; reconnects are the socket's business. */
export interface RealtimeSocket {
  connect(): void;
  close(): void;
}

/** Makes a socket for the server; the Socket.IO one is `socketIoFactory`, tests use the fake. */
export type RealtimeFactory = (
  options: {
    readonly serverUrl: string;
    readonly auth: RealtimeAuth;
    /** Sent as the `branch` query parameter of the handshake, for a balancer that routes by branch. */
    readonly branchKey?: string;
  },
  listener: RealtimeListener,
) => RealtimeSocket;
