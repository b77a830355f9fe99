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
