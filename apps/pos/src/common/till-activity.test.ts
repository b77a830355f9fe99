import { describe, expect, it } from 'vitest';
import { createTillActivity } from './till-activity.ts';

describe('till activity', () => {
  it('is idle only with no open cart and a quiet minute since the start or the last cart change', () => {
    let t = 0;
    const a = createTillActivity(() => t, 60_000);
    expect(a.isIdle()).toBe(false); // just started: the first sales come first
    t = 60_000;
    expect(a.isIdle()).toBe(true);
    a.note(true);
    t = 120_000;
    expect(a.isIdle()).toBe(false); // a cart left open is a sale in progress
    a.note(false);
    t = 150_000;
    expect(a.isIdle()).toBe(false);
    t = 180_000;
    expect(a.isIdle()).toBe(true);
  });
});
