import { describe, expect, it } from 'vitest';
import { parseRealtimeEvent } from './parse-event.ts';

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
