import { describe, expect, it } from 'vitest';
import { decideEvent } from './gap-rule.ts';

describe('decideEvent', () => {
  const local = { catalog: 10, branch: 4 };
  it('S6: the next position of a scope is applied at once', () => {
    expect(decideEvent(local, 'catalog', 11)).toBe('apply');
    expect(decideEvent(local, 'branch', 5)).toBe('apply');
  });
  it('S6: a position already covered is ignored', () => {
    expect(decideEvent(local, 'catalog', 10)).toBe('ignore');
    expect(decideEvent(local, 'branch', 1)).toBe('ignore');
  });
  it('S6: a gap means a missed change: pull', () => {
    expect(decideEvent(local, 'catalog', 12)).toBe('pull');
    expect(decideEvent(local, 'branch', 9)).toBe('pull');
  });
});
