import { describe, expect, it } from 'vitest';
import { normalizePhone } from './customer.ts';

describe('normalizePhone', () => {
  it.each([
    ['0812-3456-7890', '+6281234567890'],
    ['+62 812 3456 7890', '+6281234567890'],
    ['6281234567890', '+6281234567890'],
    ['81234567890', '+6281234567890'],
    ['(021) 555.1234', '+62215551234'],
  ])('%s -> %s', (raw, phone) => {
    expect(normalizePhone(raw)).toBe(phone);
  });

  it.each(['', 'abc', '0812', '+1 415 555 0100 12345678', '00812345678'])('refuses %j', (raw) => {
    expect(normalizePhone(raw)).toBeNull();
  });
});
