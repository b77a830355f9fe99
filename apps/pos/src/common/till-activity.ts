/**
 * Whether the cashier is busy, for the sync engine's heavy work (integrity check, sale audit): it
 * runs only when no cart is open and nobody touched one for `quietMs` (issue 16, "never in the
 * middle of a sale"). The start counts as activity: a till is opened to sell, and the checks at its
 * first sync fell on the first sales (B6 after a reload); a restored server is still caught at
 * once, by the feed being behind the device (sync-engine.ts).
 */
export interface TillActivity {
  /** Called on every change of the open cart. */
  note(cartOpen: boolean): void;
  isIdle(): boolean;
}

export function createTillActivity(now: () => number = Date.now, quietMs = 60_000): TillActivity {
  let cartOpen = false;
  let lastAt = now();
  return {
    note(open) {
      cartOpen = open;
      lastAt = now();
    },
    isIdle: () => !cartOpen && now() - lastAt >= quietMs,
  };
}
