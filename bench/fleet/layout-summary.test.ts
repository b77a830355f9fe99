import { describe, expect, it } from 'vitest';
import { groupBy, spread } from './layout-summary.ts';

describe('spread', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even one', () => {
    expect(spread([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30 });
    expect(spread([40, 10, 20, 30])).toEqual({ median: 25, min: 10, max: 40 });
  });

  it('ignores rounds without a value and says NaN when none has one', () => {
    expect(spread([NaN, 5])).toEqual({ median: 5, min: 5, max: 5 });
    expect(spread([]).median).toBeNaN();
  });
});

describe('groupBy', () => {
  it('keeps the order in which keys first appear', () => {
    const g = groupBy(['b1', 'a1', 'b2'], (s) => s[0]!);
    expect([...g.keys()]).toEqual(['b', 'a']);
    expect(g.get('b')).toEqual(['b1', 'b2']);
  });
});
