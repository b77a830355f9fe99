/**
 * Per-device limits (issue 17): one device token must not be able to slow down another branch.
 *
 * - A token bucket per device over every device request and realtime handshake: `burst` at once,
 *   refilled at `ratePerS`; past it a request is answered 429 `rate_limited` with `retry-after`
 *   (auth/auth-hooks.ts). The sync engine retries 429 with backoff (S9), so a correct device only
 *   slows down.
 * - At most `heavyConcurrency` calls of each heavy route (`GET /api/sync/state`,
 *   `POST /api/sync/push`) in flight per device; the engine makes them one at a time (S11).
 * - At most `socketsPerDevice` realtime sockets per device; the newest wins (realtime-hub.ts).
 *
 * The state is in memory, per process: with several server processes each allows as much, which
 * bounds a device to a multiple of the limits and needs no shared store on the hot path.
 */
export interface DeviceLimits {
  readonly burst: number;
  readonly ratePerS: number;
  readonly heavyConcurrency: number;
  readonly socketsPerDevice: number;
}

/**
 * Room for every legitimate pattern: a full sync of 20,000 products is 40 pulls, a busy till sends
 * a few requests a second, the benchmark's devices about 30 a second each.
 */
export const DEFAULT_DEVICE_LIMITS: DeviceLimits = {
  burst: 600,
  ratePerS: 100,
  heavyConcurrency: 1,
  socketsPerDevice: 4,
};

export type Taken = { readonly ok: true } | { readonly ok: false; readonly retryAfterS: number };

interface Bucket {
  tokens: number;
  atMs: number;
}

/** Buckets kept before idle full ones are dropped (a full bucket is the same as none). */
const PRUNE_AT = 10_000;

export class DeviceLimiter {
  readonly limits: DeviceLimits;
  readonly #buckets = new Map<string, Bucket>();
  readonly #inFlight = new Map<string, number>();

  constructor(limits: Partial<DeviceLimits> = {}) {
    this.limits = { ...DEFAULT_DEVICE_LIMITS, ...limits };
  }

  /** Takes one request from the device's bucket. */
  take(deviceId: string, nowMs: number): Taken {
    const { burst, ratePerS } = this.limits;
    const b = this.#buckets.get(deviceId) ?? { tokens: burst, atMs: nowMs };
    b.tokens = Math.min(burst, b.tokens + (Math.max(0, nowMs - b.atMs) / 1000) * ratePerS);
    b.atMs = nowMs;
    if (!this.#buckets.has(deviceId)) {
      if (this.#buckets.size >= PRUNE_AT) this.#prune(nowMs);
      this.#buckets.set(deviceId, b);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / ratePerS)) };
  }

  /**
   * Enters a heavy route for the device: a release function, or undefined when the device already
   * has `heavyConcurrency` calls of this route in flight.
   */
  enter(deviceId: string, route: string): (() => void) | undefined {
    const key = `${route} ${deviceId}`;
    const n = this.#inFlight.get(key) ?? 0;
    if (n >= this.limits.heavyConcurrency) return undefined;
    this.#inFlight.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#inFlight.get(key) ?? 1) - 1;
      if (left <= 0) this.#inFlight.delete(key);
      else this.#inFlight.set(key, left);
    };
  }

  #prune(nowMs: number): void {
    const { burst, ratePerS } = this.limits;
    for (const [id, b] of this.#buckets) {
      if (b.tokens + ((nowMs - b.atMs) / 1000) * ratePerS >= burst) this.#buckets.delete(id);
    }
  }
}
