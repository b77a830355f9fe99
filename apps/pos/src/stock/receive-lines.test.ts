import { describe, expect, it } from 'vitest';
import { addOne, editLine, payloadLines } from './receive-lines.ts';

describe('delivery lines on the till', () => {
  it('a second scan adds to its line; a quantity of 0 removes it', () => {
    let lines = addOne([], { id: 'a', name: 'Indomie' });
    lines = addOne(lines, { id: 'b', name: 'Teh' });
    lines = addOne(lines, { id: 'a', name: 'Indomie' });
    expect(lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    lines = editLine(lines, 'a', { unitCost: 2500 });
    lines = editLine(lines, 'b', { quantity: 0 });
    expect(payloadLines(lines)).toEqual([{ productId: 'a', quantity: 2, unitCost: 2500 }]);
  });
});
