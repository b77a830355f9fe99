import { RealtimeEvent } from '@kasir/protocol';
import { io } from 'socket.io-client';
import type { RealtimeFactory } from './realtime-socket.ts';

/**
 * Realtime over Socket.IO (default path, same origin as the API). Socket.IO reconnects by itself
 * after a network loss; after a refused handshake or a server-side disconnect it does not, and the
 * engine decides whether to call `connect()` again.
 */
export const socketIoFactory: RealtimeFactory = (options, listener) => {
  const socket = io(options.serverUrl, { auth: { ...options.auth }, autoConnect: false });
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
