/**
 * Whether the cashier is busy, for the sync engine's heavy work (integrity check, sale audit): it
 * runs only when no cart is open and nobody touched one for `quietMs` (issue 16, "never in the
 * middle of a sale").
 */
export interface TillActivity {
  /** Called on every change of the open cart. */
  note(cartOpen: boolean): void;
  isIdle(): boolean;
}

export function createTillActivity(now: () => number = Date.now, quietMs = 60_000): TillActivity {
  let cartOpen = false;
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    note(open) {
      cartOpen = open;
      lastAt = now();
    },
    isIdle: () => !cartOpen && now() - lastAt >= quietMs,
  };
}
