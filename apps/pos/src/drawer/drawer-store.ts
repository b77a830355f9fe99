import type { CashMoveKind, PaymentMethod, RefundInput } from '@kasir/protocol';
import type { KeyValueStorage } from '../common/key-value-storage.ts';

/** The shift this till has open. */
export interface OpenShift {
  readonly shiftId: string;
  readonly openedAt: string;
  readonly float: number;
}

/** A cash move of the open shift, as the till recorded it. */
export interface DrawerMove {
  readonly id: string;
  readonly kind: CashMoveKind;
  readonly amount: number;
  readonly reason: string;
  readonly at: string;
}

/** A refund this till made, kept for its drawer's report and for what is left to refund. */
export type TillRefund = RefundInput & {
  readonly invoiceNumber: string;
  readonly total: number;
  /** How the refunded sale was paid (for its receipt); absent in refunds saved before it was kept. */
  readonly paidWith?: readonly PaymentMethod[];
  /**
   * The PPN rate each line was charged at, in the order of `lines` (for a PKP's receipt: the PPN
   * given back); absent when a line's rate was unknown, and in refunds saved before it was kept.
   */
  readonly taxRates?: readonly number[];
};

/**
 * What the till shows of its drawer: the open shift, its cash moves and the refunds made here.
 * The mutations themselves are in the sync outbox (strict durability, synced exactly once); this is
 * the screen's copy, which outlives the outbox entries the engine prunes once synced.
 */
export interface DrawerState {
  readonly open: OpenShift | null;
  readonly moves: readonly DrawerMove[];
  readonly refunds: readonly TillRefund[];
  /**
   * Whether this till works with shifts (one was ever opened here). Such a till reminds the cashier
   * when selling with none open: its cash sales would count in no drawer report. A warung that never
   * opens a shift sells as before, unreminded.
   */
  readonly shiftsUsed: boolean;
}

const KEY = 'kasir.drawer.v1';
/** Refunds kept for "what is left to refund" (older ones are rarely refunded again). */
const KEEP_REFUNDS = 500;

export const EMPTY_DRAWER: DrawerState = { open: null, moves: [], refunds: [], shiftsUsed: false };

export function loadDrawer(storage: KeyValueStorage): DrawerState {
  const raw = storage.getItem(KEY);
  if (raw === null) return EMPTY_DRAWER;
  try {
    const parsed = JSON.parse(raw) as Partial<DrawerState>;
    return {
      open: parsed.open ?? null,
      moves: parsed.moves ?? [],
      refunds: parsed.refunds ?? [],
      // Saved before the flag existed: a till with a shift open works with shifts.
      shiftsUsed: parsed.shiftsUsed ?? (parsed.open ?? null) !== null,
    };
  } catch {
    return EMPTY_DRAWER;
  }
}

export function saveDrawer(storage: KeyValueStorage, state: DrawerState): void {
  storage.setItem(KEY, JSON.stringify({ ...state, refunds: state.refunds.slice(-KEEP_REFUNDS) }));
}
