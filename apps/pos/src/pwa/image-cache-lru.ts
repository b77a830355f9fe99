/**
 * The service worker's index of cached product pictures: URL -> [bytes, last used (ms)]. A plain
 * JSON object, so the worker keeps it as one entry of the pictures' own cache.
 */
export type ImageCacheIndex = Record<string, readonly [bytes: number, usedAt: number]>;

/** What happened to one picture: served from the cache (`use`), or fetched and stored (`put`). */
export type ImageCacheEvent =
  | { readonly kind: 'use'; readonly url: string; readonly at: number }
  | { readonly kind: 'put'; readonly url: string; readonly bytes: number; readonly at: number };

/** The index after an event, and the URLs to delete from the cache to keep within the cap. */
export interface ImageCachePlan {
  readonly index: ImageCacheIndex;
  readonly evict: readonly string[];
}

/**
 * Least recently used out: records the event, then drops the pictures used longest ago until the
 * cached bytes are within `capBytes`. A picture larger than the whole cap is not kept at all.
 *
 * Self-contained (no imports, no helpers outside its body): the service worker's source embeds its
 * text (service-worker-source.ts).
 */
export function planImageCache(
  index: ImageCacheIndex,
  event: ImageCacheEvent,
  capBytes: number,
): ImageCachePlan {
  const next: Record<string, readonly [number, number]> = { ...index };
  const known = next[event.url];
  if (event.kind === 'use') {
    if (known === undefined) return { index, evict: [] };
    next[event.url] = [known[0], event.at];
  } else {
    next[event.url] = [event.bytes, event.at];
  }
  const oldestFirst = Object.keys(next).sort((a, b) => next[a]![1] - next[b]![1] || (a < b ? -1 : 1));
  let total = 0;
  for (const url of oldestFirst) total += next[url]![0];
  const evict: string[] = [];
  for (const url of oldestFirst) {
    if (total <= capBytes) break;
    total -= next[url]![0];
    delete next[url];
    evict.push(url);
  }
  return { index: next, evict };
}

/**
 * The index made to agree with what the cache holds (after the worker was stopped between storing
 * a picture and writing the index): entries whose picture is gone are dropped, and pictures the
 * index does not know are added as the least recently used, at `sizeOf(url)` bytes.
 *
 * Self-contained, like `planImageCache`.
 */
export function reconcileImageIndex(
  index: ImageCacheIndex,
  cachedUrls: readonly string[],
  sizeOf: (url: string) => number,
): ImageCacheIndex {
  const next: Record<string, readonly [number, number]> = {};
  for (const url of cachedUrls) {
    const known = index[url];
    next[url] = known === undefined ? [sizeOf(url), 0] : known;
  }
  return next;
}
