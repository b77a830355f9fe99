import {
  DeviceCommandEvent,
  ErrorEnvelope,
  NewSaleEvent,
  BranchSettingsChangedEvent,
  ProductUpdatedEvent,
  StockChangedEvent,
  StocktakeChangedEvent,
  TransferChangedEvent,
  StaffChangedEvent,
  RefundRecordedEvent,
  CustomerChangedEvent,
  WelcomeEvent,
  decodeCursor,
  type Cursor,
  type Scope,
} from '@kasir/protocol';
import type { ChangeSet } from '../store/records.ts';

/** A realtime message after validation (both ends validate what they receive). */
export type ParsedEvent =
  | { readonly kind: 'welcome'; readonly head: Cursor }
  | {
      readonly kind: 'session_ended';
      readonly code: 'unauthorized' | 'upgrade_required';
      readonly message: string;
    }
  | { readonly kind: 'change'; readonly scope: Scope; readonly cursor: number; readonly changes: ChangeSet }
  /** A newer socket of this device took this one's place; the disconnect that follows is retried. */
  | { readonly kind: 'replaced' }
  | { readonly kind: 'command'; readonly command: DeviceCommandEvent }
  | { readonly kind: 'invalid'; readonly name: string };

const only = (patch: Partial<ChangeSet>): ChangeSet => ({ products: [], stock: [], sales: [], ...patch });

/** Validates one server event into what the engine acts on; anything malformed is `invalid`. */
export function parseRealtimeEvent(name: string, payload: unknown): ParsedEvent {
  switch (name) {
    case 'welcome': {
      const w = WelcomeEvent.safeParse(payload);
      const head = w.success ? decodeCursor(w.data.cursor) : null;
      return head ? { kind: 'welcome', head } : { kind: 'invalid', name };
    }
    case 'session_ended': {
      const e = ErrorEnvelope.safeParse(payload);
      // Any ended session stops sync until a person acts; only a too-old app is told to upgrade.
      const code =
        e.success && e.data.error.code === 'upgrade_required' ? 'upgrade_required' : 'unauthorized';
      return { kind: 'session_ended', code, message: e.success ? e.data.error.message : 'session ended' };
    }
    case 'replaced':
      return { kind: 'replaced' };
    case 'product_updated': {
      const e = ProductUpdatedEvent.safeParse(payload);
      return e.success
        ? {
            kind: 'change',
            scope: 'catalog',
            cursor: e.data.cursor,
            changes: only({ products: [e.data.product] }),
          }
        : { kind: 'invalid', name };
    }
    case 'stock_changed': {
      const e = StockChangedEvent.safeParse(payload);
      if (!e.success) return { kind: 'invalid', name };
      const { productId, onHand, version, minimum } = e.data;
      const level = { productId, onHand, version };
      return {
        kind: 'change',
        scope: 'branch',
        cursor: e.data.cursor,
        changes: only({ stock: [minimum === undefined ? level : { ...level, minimum }] }),
      };
    }
    case 'new_sale': {
      const e = NewSaleEvent.safeParse(payload);
      return e.success
        ? { kind: 'change', scope: 'branch', cursor: e.data.cursor, changes: only({ sales: [e.data.sale] }) }
        : { kind: 'invalid', name };
    }
    case 'stocktake_changed': {
      const e = StocktakeChangedEvent.safeParse(payload);
      return e.success
        ? {
            kind: 'change',
            scope: 'branch',
            cursor: e.data.cursor,
            changes: only({ stocktakes: [e.data.stocktake] }),
          }
        : { kind: 'invalid', name };
    }
    case 'transfer_changed': {
      const e = TransferChangedEvent.safeParse(payload);
      return e.success
        ? {
            kind: 'change',
            scope: 'branch',
            cursor: e.data.cursor,
            changes: only({ transfers: [e.data.transfer] }),
          }
        : { kind: 'invalid', name };
    }
    case 'branch_settings_changed': {
      const e = BranchSettingsChangedEvent.safeParse(payload);
      return e.success
        ? {
            kind: 'change',
            scope: 'branch',
            cursor: e.data.cursor,
            changes: { ...only({}), branchSettings: e.data.settings },
          }
        : { kind: 'invalid', name };
    }
    case 'staff_changed': {
      const e = StaffChangedEvent.safeParse(payload);
      return e.success
        ? { kind: 'change', scope: 'branch', cursor: e.data.cursor, changes: only({ staff: [e.data.staff] }) }
        : { kind: 'invalid', name };
    }
    case 'refund_recorded': {
      const e = RefundRecordedEvent.safeParse(payload);
      return e.success
        ? {
            kind: 'change',
            scope: 'branch',
            cursor: e.data.cursor,
            changes: only({ refunds: [e.data.refund] }),
          }
        : { kind: 'invalid', name };
    }
    case 'customer_changed': {
      const e = CustomerChangedEvent.safeParse(payload);
      return e.success
        ? {
            kind: 'change',
            scope: 'branch',
            cursor: e.data.cursor,
            changes: only({ customers: [e.data.customer] }),
          }
        : { kind: 'invalid', name };
    }
    case 'device_command': {
      const e = DeviceCommandEvent.safeParse(payload);
      return e.success ? { kind: 'command', command: e.data } : { kind: 'invalid', name };
    }
    default:
      return { kind: 'invalid', name };
  }
}
