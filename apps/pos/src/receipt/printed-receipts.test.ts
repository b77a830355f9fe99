import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../common/key-value-storage.ts';
import { markPrinted, wasPrinted } from './printed-receipts.ts';

describe('printed receipts', () => {
  it('remembers a printed receipt so the next print is a copy', () => {
    const s = memoryStorage();
    expect(wasPrinted(s, 'a')).toBe(false);
    markPrinted(s, 'a');
    expect(wasPrinted(s, 'a')).toBe(true);
    expect(wasPrinted(s, 'b')).toBe(false);
  });
});
