import type { SyncClient } from '@kasir/sync';
import { useEffect, useRef } from 'react';
import type { TillActivity } from '../common/till-activity.ts';
import { PREFETCH_MAX, prefetchImages } from './image-prefetch.ts';

/** How often the till looks whether it is idle enough to fetch pictures ahead. */
const PREFETCH_EVERY_MS = 30_000;

/**
 * Fetches the catalog's tile pictures ahead while the till is idle (image-prefetch.ts), so that they
 * show offline; never during a sale, never two runs at once.
 */
export function useImagePrefetch(
  client: SyncClient,
  activity: TillActivity,
  base: string,
  fetchUrl: (url: string, init?: RequestInit) => Promise<Response>,
): void {
  const done = useRef(new Set<string>());
  useEffect(() => {
    let running = false;
    let stopped = false;
    const tick = (): void => {
      if (running || stopped || !activity.isIdle()) return;
      running = true;
      prefetchImages(
        {
          hashes: () =>
            client.catalog
              .page({ pageSize: PREFETCH_MAX })
              .items.flatMap((p) => (typeof p.image === 'string' ? [p.image] : [])),
          base,
          isIdle: () => !stopped && activity.isIdle(),
          online: () => client.status.get().connection === 'online',
          fetch: (url, signal) => fetchUrl(url, { credentials: 'omit', signal }),
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        },
        done.current,
      )
        .catch(() => undefined)
        .finally(() => {
          running = false;
        });
    };
    const timer = setInterval(tick, PREFETCH_EVERY_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, activity, base, fetchUrl]);
}
