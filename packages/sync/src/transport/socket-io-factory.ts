import { BRANCH_QUERY, RealtimeEvent } from '@kasir/protocol';
import { io } from 'socket.io-client';
import type { RealtimeFactory } from './realtime-socket.ts';

/**
 * Realtime over Socket.IO (default path, same origin as the API). Socket.IO reconnects by itself
 * after a network loss; after a refused handshake or a server-side disconnect it does not, and the
 * engine decides whether to call `connect()` again.
 *
 * Websocket first: Socket.IO's default starts on HTTP long-polling and upgrades, which needs every
 * request of a session to reach the same process; behind a balancer without sticky sessions that
 * failed (issue 18: 167 connect errors in 20 s, 5 of 20 sockets up). Long-polling stays as the
 * fallback for a network that blocks websockets (`tryAllTransports`). Socket.IO's own reconnection
 * waits are jittered (`randomizationFactor`), so a fleet that lost one process does not come back
 * in one wave.
 */
export const socketIoFactory: RealtimeFactory = (options, listener) => {
  const socket = io(options.serverUrl, {
    auth: { ...options.auth },
    autoConnect: false,
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    randomizationFactor: 0.5,
    ...(options.branchKey === undefined ? {} : { query: { [BRANCH_QUERY]: options.branchKey } }),
  });
  socket.on('connect', () => listener.onConnect());
  socket.on('disconnect', (reason) => listener.onDisconnect(reason));
  socket.on('connect_error', (err: Error & { data?: unknown }) =>
    listener.onConnectError({ message: err.message, ...(err.data === undefined ? {} : { data: err.data }) }),
  );
  for (const name of Object.values(RealtimeEvent)) {
    socket.on(name, (payload: unknown) => listener.onEvent(name, payload));
  }
  return {
    connect: () => {
      socket.connect();
    },
    close: () => {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
};
