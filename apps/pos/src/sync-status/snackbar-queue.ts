/** A message at the bottom of the screen that goes away by itself. */
export interface Snack {
  readonly id: number;
  /** Snacks of one kind coalesce: a burst of remote sales is one line, not fifty. */
  readonly kind: 'remoteSale' | 'synced' | 'info' | 'error';
  /**
   * Words the snack for `count` events, when it is drawn (not when it was pushed): a sync snack on
   * screen while the cashier switches the language reads in the new one. The screens' own messages
   * (`notify`) are worded when pushed and keep their words for their few seconds.
   */
  readonly render: (count: number) => string;
  /** How many events this snack stands for. */
  readonly count: number;
  readonly until: number;
}

export const SNACK_MS = 4_000;
/** Most snacks on screen at once. */
export const MAX_SNACKS = 3;

/**
 * Adds a snack. An event of the same kind as a snack still on screen replaces it with the
 * combined one (`render(count)` words it), so a reconnect that brings 30 sales says so once.
 */
export function pushSnack(
  snacks: readonly Snack[],
  event: { kind: Snack['kind']; count?: number; render: (count: number) => string },
  now: number,
  nextId: number,
): readonly Snack[] {
  const live = snacks.filter((s) => s.until > now);
  const same =
    event.kind === 'info' || event.kind === 'error' ? undefined : live.find((s) => s.kind === event.kind);
  const count = (same?.count ?? 0) + (event.count ?? 1);
  const snack: Snack = {
    id: nextId,
    kind: event.kind,
    render: event.render,
    count,
    until: now + SNACK_MS,
  };
  return [...live.filter((s) => s !== same), snack].slice(-MAX_SNACKS);
}

export function expireSnacks(snacks: readonly Snack[], now: number): readonly Snack[] {
  const live = snacks.filter((s) => s.until > now);
  return live.length === snacks.length ? snacks : live;
}
