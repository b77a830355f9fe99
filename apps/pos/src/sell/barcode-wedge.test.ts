import { describe, expect, it } from 'vitest';
import { createWedgeBuffer } from './barcode-wedge.ts';

function type(buffer: ReturnType<typeof createWedgeBuffer>, keys: string[], start: number, gap: number) {
  let out: string | null = null;
  keys.forEach((k, i) => {
    out = buffer.feed(k, start + i * gap) ?? out;
  });
  return out;
}

describe('barcode wedge', () => {
  it('reads fast digits + Enter as a code', () => {
    const b = createWedgeBuffer();
    expect(type(b, [...'8991234567890', 'Enter'], 1000, 5)).toBe('8991234567890');
  });

  it('ignores slow typing and short codes', () => {
    const b = createWedgeBuffer();
    expect(type(b, [...'899123', 'Enter'], 1000, 400)).toBeNull();
    expect(type(b, [...'12', 'Enter'], 5000, 5)).toBeNull();
  });

  it('starts over after a pause, so a stray key before a scan does not spoil it', () => {
    const b = createWedgeBuffer();
    b.feed('7', 0);
    expect(type(b, [...'12345678', 'Enter'], 2000, 5)).toBe('12345678');
  });
});
