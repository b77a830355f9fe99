/**
 * The device tokens this process resolved recently, so that a device's requests do not each query
 * the database for its token (issue 18: every device request read its token row).
 *
 * Revocation must still reach every process at once (S13): whoever revokes, re-pairs or changes a
 * device calls `invalidate` here and tells the other processes through the realtime broker
 * (realtime/realtime-hub.ts), which calls `invalidate` there. An entry is trusted only while
 * invalidations can arrive: when the broker is down (`setTrusted(false)`) the cache is emptied and
 * every request reads the database again, until the broker is back.
 *
 * A lookup that started before an invalidation must not store what it read: it may have read the
 * row before the revocation committed. `generation` counts invalidations; a lookup stores its
 * answer only if none happened while it ran.
 *
 * Writes need not wait for trust (issue 18: "revocation checked once per group"): `resolveDeferred`
 * answers from an entry even while untrusted and says so, and the write checks the token again in
 * its own transaction, once for its whole group commit (auth/verify-principals.ts).
 */
export class TokenCache<P extends { readonly deviceId: string }> {
  readonly #byHash = new Map<string, { principal: P; at: number }>();
  readonly #ttlMs: number;
  readonly #max: number;
  #generation = 0;
  #trusted: boolean;

  /**
   * @param opts.ttlMs an entry is read again after this long (30 s by default), even without an
   *   invalidation: the bound for an invalidation lost in a partition (the revoking process cannot
   *   reach Redis while this one can), besides the realtime heartbeat cutting revoked sockets.
   * @param opts.max entries kept; the oldest go first.
   */
  constructor(opts: { trusted: boolean; ttlMs?: number; max?: number }) {
    this.#trusted = opts.trusted;
    this.#ttlMs = opts.ttlMs ?? 30_000;
    this.#max = opts.max ?? 50_000;
  }

  /** The principal of a token hash, from the cache or from `load` (stored if still valid). */
  async resolve(hash: string, now: number, load: () => Promise<P | undefined>): Promise<P | undefined> {
    if (this.#trusted) {
      const hit = this.#byHash.get(hash);
      if (hit !== undefined && now - hit.at < this.#ttlMs) return hit.principal;
    }
    return this.#load(hash, now, load);
  }

  /**
   * Like `resolve`, but also answers from an entry stored while untrusted: `checked` is false then,
   * and the caller must check the token again before it relies on it (a revocation or change in
   * another process may not have reached this cache).
   */
  async resolveDeferred(
    hash: string,
    now: number,
    load: () => Promise<P | undefined>,
  ): Promise<{ principal: P; checked: boolean } | undefined> {
    const hit = this.#byHash.get(hash);
    if (hit !== undefined && now - hit.at < this.#ttlMs)
      return { principal: hit.principal, checked: this.#trusted };
    const principal = await this.#load(hash, now, load);
    return principal === undefined ? undefined : { principal, checked: true };
  }

  /**
   * Reads a token and stores it unless an invalidation happened meanwhile. Stored also while
   * untrusted, for `resolveDeferred` alone: `resolve` reads entries only while trusted, and turning
   * trust on empties the cache.
   */
  async #load(hash: string, now: number, load: () => Promise<P | undefined>): Promise<P | undefined> {
    const generation = this.#generation;
    const principal = await load();
    if (principal !== undefined && generation === this.#generation) {
      if (this.#byHash.size >= this.#max) this.#byHash.delete(this.#byHash.keys().next().value!);
      this.#byHash.delete(hash);
      this.#byHash.set(hash, { principal, at: now });
    }
    return principal;
  }

  /** Forgets every token of a device (revoked, re-paired, renamed, permissions changed). */
  invalidate(deviceId: string): void {
    this.#generation++;
    for (const [hash, e] of this.#byHash) if (e.principal.deviceId === deviceId) this.#byHash.delete(hash);
  }

  /** Whether invalidations from other processes can arrive; false empties the cache. */
  setTrusted(trusted: boolean): void {
    this.#generation++;
    this.#trusted = trusted;
    this.#byHash.clear();
  }

  get size(): number {
    return this.#byHash.size;
  }
}
