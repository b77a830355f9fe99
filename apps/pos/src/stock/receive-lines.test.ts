import { describe, expect, it } from 'vitest';
import { addOne, editLine, payloadLines, removeLine, withoutCost } from './receive-lines.ts';

describe('delivery lines on the till', () => {
  it('a second scan adds to its line; a line cleared to 0 stays while typing but is not saved', () => {
    let lines = addOne([], { id: 'a', name: 'Indomie' });
    lines = addOne(lines, { id: 'b', name: 'Teh' });
    lines = addOne(lines, { id: 'a', name: 'Indomie' });
    expect(lines.map((l) => [l.productId, l.quantity])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    lines = editLine(lines, 'a', { unitCost: 2500 });
    lines = editLine(lines, 'b', { quantity: 0 });
    expect(lines).toHaveLength(2);
    expect(payloadLines(lines)).toEqual([{ productId: 'a', quantity: 2, unitCost: 2500 }]);
    expect(removeLine(lines, 'a').map((l) => l.productId)).toEqual(['b']);
  });

  it('asks about the lines saved without a cost, not those left out', () => {
    let lines = addOne(addOne(addOne([], { id: 'a', name: 'Indomie' }), { id: 'b', name: 'Teh' }), {
      id: 'c',
      name: 'Gula',
    });
    lines = editLine(lines, 'a', { unitCost: 2500 });
    lines = editLine(lines, 'c', { quantity: 0 });
    expect(withoutCost(lines).map((l) => l.name)).toEqual(['Teh']);
  });
});
