/**
 * The service worker's index of cached product pictures: URL -> [bytes, last used (ms)]. A plain
 * JSON object, so the worker keeps it as one entry of the pictures' own cache.
 */
export type ImageCacheIndex = Record<string, readonly [bytes: number, usedAt: number]>;

/** What happened to one picture: served from the cache (`use`), or fetched and stored (`put`). */
export type ImageCacheEvent =
  | { readonly kind: 'use'; readonly url: string; readonly at: number }
  | { readonly kind: 'put'; readonly url: string; readonly bytes: number; readonly at: number };

/** The pictures' least-recently-used bookkeeping, as the service worker holds it in memory. */
export interface ImageCacheLru {
  /**
   * Starts over from the stored index made to agree with what the cache holds (the worker may have
   * been stopped between storing a picture and writing the index): entries whose picture is gone
   * are dropped, and pictures the index does not know are the least recently used, at
   * `sizeOf(url)` bytes.
   */
  load(stored: ImageCacheIndex, cachedUrls: readonly string[], sizeOf: (url: string) => number): void;
  /**
   * Records the event and returns the pictures to delete from the cache, used longest ago first,
   * until the cached bytes are within the cap (after any event: a lowered cap is met at the next).
   * A picture larger than the whole cap is not kept (returned first). A use of a picture the index
   * does not know changes nothing else.
   */
  note(event: ImageCacheEvent): string[];
  /** The index to store, least recently used first. */
  snapshot(): ImageCacheIndex;
  /** The bytes the index counts. */
  bytes(): number;
}

/**
 * Least recently used out within `capBytes`. A `Map` in order of use (a use moves its picture to
 * the end) and a running total: each event costs the same whatever the cache holds. The plan it
 * replaced copied and sorted the whole index per picture, 9-15 ms each at 15,000-20,000 pictures (a
 * 50 MB cache of tiles), on the worker's thread while the till's tiles asked for them.
 *
 * Self-contained (no imports, no helpers outside its body): the service worker's source embeds its
 * text (service-worker-source.ts).
 */
export function createImageCacheLru(capBytes: number): ImageCacheLru {
  // Insertion order is use order: the first entry is the one used longest ago.
  const entries = new Map<string, readonly [number, number]>();
  let total = 0;
  const drop = (url: string): void => {
    const known = entries.get(url);
    if (known === undefined) return;
    total -= known[0];
    entries.delete(url);
  };
  return {
    load(stored, cachedUrls, sizeOf) {
      entries.clear();
      total = 0;
      // An entry that is not two finite numbers (a damaged index) counts as unknown: one NaN in the
      // running total would evict every picture until the worker restarts.
      const usable = (e: unknown): e is readonly [number, number] =>
        Array.isArray(e) && e.length === 2 && Number.isFinite(e[0]) && Number.isFinite(e[1]);
      const rows = cachedUrls.map((url): [string, readonly [number, number]] => {
        const known: unknown = stored[url];
        return [url, usable(known) ? known : [sizeOf(url), 0]];
      });
      rows.sort((a, b) => a[1][1] - b[1][1] || (a[0] < b[0] ? -1 : 1));
      for (const [url, entry] of rows) {
        entries.set(url, entry);
        total += entry[0];
      }
    },
    note(event) {
      const known = entries.get(event.url);
      const evict: string[] = [];
      if (event.kind === 'use') {
        if (known !== undefined) {
          entries.delete(event.url);
          entries.set(event.url, [known[0], event.at]);
        }
      } else {
        drop(event.url);
        if (event.bytes > capBytes) evict.push(event.url);
        else {
          entries.set(event.url, [event.bytes, event.at]);
          total += event.bytes;
        }
      }
      // Deleting the entry being visited is safe: a Map's iteration goes on from the next one.
      for (const url of entries.keys()) {
        if (total <= capBytes) break;
        drop(url);
        evict.push(url);
      }
      return evict;
    },
    snapshot() {
      const index: Record<string, readonly [number, number]> = {};
      for (const [url, entry] of entries) index[url] = entry;
      return index;
    },
    bytes: () => total,
  };
}
