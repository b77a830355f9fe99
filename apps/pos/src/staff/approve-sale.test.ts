import type { StaffAction } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { approveSale } from './approve-sale.ts';
import type { StaffContextValue } from './staff-context.tsx';

describe('approving a sale', () => {
  const cart = { lines: [{ productId: 'p1', quantity: 1, unitPrice: 10_000, discount: 2_500 }], discount: 0 };
  const staff = () => {
    const asked: StaffAction[] = [];
    const gate: Pick<StaffContextValue, 'requirePermission' | 'audit' | 'current'> & {
      asked: StaffAction[];
    } = {
      asked,
      requirePermission: (action: StaffAction) => {
        asked.push(action);
        return Promise.resolve({ staffId: 's1', approvedBy: 'boss' });
      },
      audit: () => undefined,
      current: { id: 's1', name: 'Siti', role: 'cashier' },
    };
    return gate;
  };

  it("asks for the discount right by the branch's percentage (25% off: asked at 10%, not at 30%)", async () => {
    const strict = staff();
    await approveSale(strict, cart, () => 10_000, 10);
    expect(strict.asked).toEqual(['discount_above_threshold']);
    const lenient = staff();
    const r = await approveSale(lenient, cart, () => 10_000, 30);
    expect(lenient.asked).toEqual([]);
    expect(r?.approval).toEqual({ staffId: 's1' });
  });
});
