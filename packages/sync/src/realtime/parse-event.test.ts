import { DEFAULT_SHOP_SETTINGS, tillBranchSettingsOf } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { parseRealtimeEvent } from './parse-event.ts';

const settings = tillBranchSettingsOf(
  {
    id: '0190a000-0000-7000-8000-000000000001',
    name: 'Toko',
    address: null,
    npwp: null,
    receiptHeader: null,
    receiptFooter: null,
    timeZone: 'Asia/Jakarta',
  },
  { ...DEFAULT_SHOP_SETTINGS, priceMode: 'exclusive' },
);

describe('realtime: branch settings (issue 15)', () => {
  it('S6: a branch_settings_changed poke is a branch change carrying the new settings', () => {
    expect(parseRealtimeEvent('branch_settings_changed', { scope: 'branch', cursor: 9, settings })).toEqual({
      kind: 'change',
      scope: 'branch',
      cursor: 9,
      changes: { products: [], stock: [], sales: [], branchSettings: settings },
    });
  });

  it('a malformed one is ignored', () => {
    expect(
      parseRealtimeEvent('branch_settings_changed', {
        scope: 'branch',
        cursor: 9,
        settings: { priceMode: 'x' },
      }),
    ).toEqual({ kind: 'invalid', name: 'branch_settings_changed' });
  });
});

const staff = {
  id: '01900000-0000-7000-8000-000000000001',
  name: 'Siti',
  role: 'cashier',
  branchIds: ['01900000-0000-7000-8000-000000000002'],
  pin: null,
  active: false,
  version: 3,
};

describe('staff in the feed (issue 13)', () => {
  it('S6: a staff_changed poke is a branch change carrying the record', () => {
    expect(parseRealtimeEvent('staff_changed', { scope: 'branch', cursor: 9, staff })).toEqual({
      kind: 'change',
      scope: 'branch',
      cursor: 9,
      changes: { products: [], stock: [], sales: [], staff: [staff] },
    });
    expect(
      parseRealtimeEvent('staff_changed', { scope: 'branch', cursor: 9, staff: { ...staff, role: 'boss' } }),
    ).toEqual({ kind: 'invalid', name: 'staff_changed' });
  });
});

describe('refunds and customers in realtime (issue 13)', () => {
  const ids = (n: number) => `01900000-0000-7000-8000-00000000001${n}`;
  const customer = {
    id: ids(1),
    name: 'Budi',
    phone: '+6281234567890',
    email: null,
    note: null,
    branchId: ids(2),
    createdAt: '2026-12-02T08:00:00.000Z',
    receivedAt: '2026-12-02T08:00:01.000Z',
  };
  const refund = {
    id: ids(3),
    saleId: ids(4),
    branchId: ids(2),
    deviceId: ids(5),
    invoiceNumber: 'A-1',
    createdAt: '2026-12-02T08:00:00.000Z',
    receivedAt: '2026-12-02T08:00:01.000Z',
    reason: 'return',
    note: null,
    method: 'cash',
    lines: [{ saleLineNo: 0, productId: ids(6), quantity: 1, amount: 1000, damaged: false }],
    total: 1000,
    shiftId: null,
    staffId: null,
    approvedBy: null,
    flags: [],
  };

  it('S6: a refund_recorded poke is a branch change carrying the refund', () => {
    expect(parseRealtimeEvent('refund_recorded', { scope: 'branch', cursor: 4, refund })).toEqual({
      kind: 'change',
      scope: 'branch',
      cursor: 4,
      changes: { products: [], stock: [], sales: [], refunds: [refund] },
    });
    expect(parseRealtimeEvent('refund_recorded', { scope: 'branch', cursor: 4, refund: { id: 1 } })).toEqual({
      kind: 'invalid',
      name: 'refund_recorded',
    });
  });

  it('S6: a customer_changed poke is a branch change carrying the customer', () => {
    expect(parseRealtimeEvent('customer_changed', { scope: 'branch', cursor: 5, customer })).toEqual({
      kind: 'change',
      scope: 'branch',
      cursor: 5,
      changes: { products: [], stock: [], sales: [], customers: [customer] },
    });
    expect(parseRealtimeEvent('customer_changed', { scope: 'catalog', cursor: 5, customer })).toEqual({
      kind: 'invalid',
      name: 'customer_changed',
    });
  });
});
