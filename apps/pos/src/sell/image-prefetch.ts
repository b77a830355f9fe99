import { productImagePath } from '@kasir/protocol';

/** At most this many tile pictures are fetched ahead (about 8 KB each: well inside the 50 MB cache). */
export const PREFETCH_MAX = 2_000;
/** Pause between two pictures: a prefetch never takes the network or the main thread in bursts. */
export const PREFETCH_PAUSE_MS = 50;
/**
 * A picture not answered in this long is given up (and its request aborted): a request that never
 * settles, as on a network that drops packets without a word, must not hold the prefetch until the
 * app restarts (one run at a time, use-image-prefetch.ts).
 */
export const PREFETCH_FETCH_TIMEOUT_MS = 15_000;

/** What fetching pictures ahead needs from the till. */
export interface ImagePrefetchDeps {
  /** The picture hashes of the catalog, in the order the grid shows products. */
  readonly hashes: () => readonly string[];
  /** The server the pictures come from (the tiles' `imageBase`). */
  readonly base: string;
  /** Whether the cashier has left the till alone long enough (common/till-activity.ts). */
  readonly isIdle: () => boolean;
  readonly online: () => boolean;
  /**
   * Fetches one URL; the service worker caches what it fetches (pwa/service-worker-source.ts).
   * `signal` aborts it when it took too long.
   */
  readonly fetch: (url: string, signal: AbortSignal) => Promise<unknown>;
  readonly sleep: (ms: number) => Promise<void>;
}

/**
 * Issue 16 (items 5 and 6): the tile pictures a till has not shown yet are fetched while it is idle,
 * one at a time, so that they show offline too; the service worker keeps them within its cap. It
 * stops as soon as the cashier is back or the network is gone, and the next idle run resumes:
 * `done` remembers what was fetched (a failed fetch counts as done until the app restarts, so a
 * missing picture is not asked for again and again). Returns how many it fetched this run.
 */
export async function prefetchImages(
  deps: ImagePrefetchDeps,
  done: Set<string>,
  max: number = PREFETCH_MAX,
): Promise<number> {
  let fetched = 0;
  for (const hash of deps.hashes().slice(0, max)) {
    if (done.has(hash)) continue;
    if (!deps.isIdle() || !deps.online()) break;
    done.add(hash);
    const abort = new AbortController();
    await Promise.race([
      deps.fetch(`${deps.base}${productImagePath(hash, 160)}`, abort.signal).catch(() => undefined),
      deps.sleep(PREFETCH_FETCH_TIMEOUT_MS),
    ]);
    abort.abort();
    fetched++;
    await deps.sleep(PREFETCH_PAUSE_MS);
  }
  return fetched;
}
