import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Server } from 'socket.io';

/** Realtime fan-out between several server processes through Redis (Socket.IO's own adapter). */
export interface RedisFanout {
  configure(io: Server): void;
  close(): Promise<void>;
}

/**
 * Connects the publish and subscribe clients. Every process behind one address must use the same
 * `key` (the channel prefix); tests use their own so that runs never hear each other.
 */
export async function connectRedisFanout(url: string, key = 'kasir'): Promise<RedisFanout> {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    configure(io) {
      io.adapter(createAdapter(pub, sub, { key }));
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
