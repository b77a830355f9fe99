import { describe, expect, it } from 'vitest';
import { splitChanges } from './split-changes.ts';

describe('split changes', () => {
  it('a pulled page sorts staff apart from sales', () => {
    const set = splitChanges([
      {
        kind: 'staff',
        scope: 'branch',
        seq: 4,
        data: {
          id: '01900000-0000-7000-8000-000000000001',
          name: 'Siti',
          role: 'cashier',
          branchIds: [],
          pin: null,
          active: false,
          version: 3,
        },
      },
    ]);
    expect(set.staff).toHaveLength(1);
    expect(set.sales).toEqual([]);
  });
});
