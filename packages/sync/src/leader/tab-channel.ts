import type { SyncStatus } from '../status/sync-status.ts';

/** Messages between instances (tabs) sharing one store (S11). */
export type TabMessage =
  | { readonly type: 'status'; readonly status: SyncStatus }
  /** A follower committed to the outbox: the leader should push. */
  | { readonly type: 'outbox' }
  /** The leader changed catalog, stock or the outbox: followers re-read the store. */
  | { readonly type: 'store' };

/** A broadcast channel between the instances of one device. */
export interface TabChannel {
  post(message: TabMessage): void;
  subscribe(listener: (message: TabMessage) => void): () => void;
  close(): void;
}

/** The browser's BroadcastChannel (also in Node ≥ 18), passed in by the app. */
export function broadcastTabChannel(channel: BroadcastChannel): TabChannel {
  return {
    post: (m) => channel.postMessage(m),
    subscribe: (listener) => {
      const handler = (e: MessageEvent<TabMessage>): void => listener(e.data);
      channel.addEventListener('message', handler);
      return () => channel.removeEventListener('message', handler);
    },
    close: () => channel.close(),
  };
}

/** In-process channels for tests: every channel of a hub hears the others (not itself). */
export function createTabHub(): { channel(): TabChannel } {
  const members = new Set<(m: TabMessage) => void>();
  return {
    channel() {
      const mine = new Set<(m: TabMessage) => void>();
      const deliver = (m: TabMessage): void => {
        for (const l of [...mine]) l(structuredClone(m));
      };
      members.add(deliver);
      return {
        post: (m) => {
          for (const d of members) if (d !== deliver) queueMicrotask(() => d(m));
        },
        subscribe: (listener) => {
          mine.add(listener);
          return () => mine.delete(listener);
        },
        close: () => {
          members.delete(deliver);
          mine.clear();
        },
      };
    },
  };
}
