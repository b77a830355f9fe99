import { io, type Socket } from 'socket.io-client';

/** Collects a socket's events so tests can wait for them. */
export function recorder(socket: Socket) {
  const events: { name: string; data: unknown }[] = [];
  socket.onAny((name: string, data: unknown) => events.push({ name, data }));
  return {
    events,
    async waitFor<T>(name: string, pred: (d: T) => boolean = () => true, ms = 3000): Promise<T> {
      const start = Date.now();
      for (;;) {
        const hit = events.find((e) => e.name === name && pred(e.data as T));
        if (hit !== undefined) return hit.data as T;
        if (Date.now() - start > ms)
          throw new Error(`no ${name} within ${ms} ms; got ${events.map((e) => e.name).join(',')}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

export type Recorder = ReturnType<typeof recorder>;

/** Connects with a recorder attached before the handshake, so no early event is missed. */
export function connect(url: string, token: string): Promise<{ socket: Socket; rec: Recorder }> {
  const socket = io(url, {
    auth: { token, protocolVersion: 1 },
    transports: ['websocket'],
    reconnection: false,
  });
  const rec = recorder(socket);
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve({ socket, rec }));
    socket.on('connect_error', (e) => reject(e));
  });
}
