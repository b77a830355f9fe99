import { describe, expect, it } from 'vitest';
import { can, isDiscountAboveThreshold, ROLE_PERMISSIONS, StaffAction, StaffRole } from './staff-role.ts';

describe('staff permissions (issue 13 item 2)', () => {
  it('a cashier may only move cash; every other action needs approval', () => {
    for (const a of StaffAction.options) expect(can('cashier', a)).toBe(a === 'cash_move');
  });

  it('a supervisor approves the floor actions but neither resets a device nor closes an unsynced shift', () => {
    expect(can('supervisor', 'refund')).toBe(true);
    expect(can('supervisor', 'discount_above_threshold')).toBe(true);
    expect(can('supervisor', 'reprint')).toBe(true);
    expect(can('supervisor', 'reset_device')).toBe(false);
    expect(can('supervisor', 'close_shift_unsynced')).toBe(false);
  });

  it('a manager may do every action', () => {
    for (const a of StaffAction.options) expect(can('manager', a)).toBe(true);
  });

  it('rights only grow with the role', () => {
    const [cashier, supervisor, manager] = StaffRole.options.map((r) => ROLE_PERMISSIONS[r]);
    for (const a of cashier!) expect(supervisor!.has(a)).toBe(true);
    for (const a of supervisor!) expect(manager!.has(a)).toBe(true);
  });

  it('a discount is above the threshold only when it takes more than the percentage', () => {
    expect(isDiscountAboveThreshold(0, 10_000)).toBe(false);
    expect(isDiscountAboveThreshold(1_000, 10_000)).toBe(false); // exactly 10%
    expect(isDiscountAboveThreshold(1_001, 10_000)).toBe(true);
    expect(isDiscountAboveThreshold(500, 10_000, 4)).toBe(true);
    expect(isDiscountAboveThreshold(1, 0)).toBe(true);
  });
});
