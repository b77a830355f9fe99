import type { KeyValueStorage } from '../common/key-value-storage.ts';

/**
 * Wrong PINs at this till (issue 13 item 1): a few mistakes are free, then the keypad locks for a
 * time that doubles with each further wrong PIN, up to a cap. Counted per till, not per person, so
 * trying one PIN on every name gains nothing; kept in storage so a reload does not reset it. A
 * right PIN clears it.
 */
export interface PinLockout {
  /** Wrong PINs since the last right one. */
  readonly failures: number;
  /** Epoch ms until which no PIN is checked; 0 when not locked. */
  readonly lockedUntil: number;
}

export const NO_LOCKOUT: PinLockout = { failures: 0, lockedUntil: 0 };
/** Wrong PINs allowed before the first lock. */
export const FREE_FAILURES = 3;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;

/** How long the keypad locks after the `failures`-th wrong PIN: 0, then 30 s, 60 s, 120 s... up to 15 min. */
export function lockMsAfter(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  const doublings = failures - FREE_FAILURES;
  return doublings >= 5 ? MAX_LOCK_MS : Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** doublings);
}

/** The state after a wrong PIN at `now`. */
export function afterWrongPin(state: PinLockout, now: number): PinLockout {
  const failures = state.failures + 1;
  const lockMs = lockMsAfter(failures);
  return { failures, lockedUntil: lockMs === 0 ? 0 : now + lockMs };
}

/** Milliseconds until a PIN may be tried again; 0 when it may now. */
export function lockRemainingMs(state: PinLockout, now: number): number {
  return Math.max(0, state.lockedUntil - now);
}

const KEY = 'kasir.pinLockout';

export function loadLockout(storage: KeyValueStorage): PinLockout {
  try {
    const v = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<PinLockout> | null;
    if (typeof v?.failures === 'number' && typeof v.lockedUntil === 'number')
      return { failures: v.failures, lockedUntil: v.lockedUntil };
  } catch {
    // A damaged entry counts as no failures: the next wrong PINs lock again.
  }
  return NO_LOCKOUT;
}

export function saveLockout(storage: KeyValueStorage, state: PinLockout): void {
  if (state.failures === 0) storage.removeItem(KEY);
  else storage.setItem(KEY, JSON.stringify(state));
}
