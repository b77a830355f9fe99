import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time.ts';

const now = Date.parse('2026-01-01T12:00:00Z');

describe('relativeTime', () => {
  it('says it the short Indonesian way', () => {
    expect(relativeTime(now - 10_000, now, 'id')).toBe('baru saja');
    expect(relativeTime(now - 5 * 60_000, now, 'id')).toBe('5 menit lalu');
    expect(relativeTime(now - 2 * 3_600_000, now, 'id')).toBe('2 jam lalu');
    expect(relativeTime(now - 3 * 86_400_000, now, 'id')).toBe('3 hari lalu');
  });

  it('speaks English too, with plurals', () => {
    expect(relativeTime(now - 60_000, now, 'en')).toBe('1 minute ago');
    expect(relativeTime(now - 5 * 60_000, now, 'en')).toBe('5 minutes ago');
    expect(relativeTime(now - 3_600_000, now, 'en')).toBe('1 hour ago');
  });

  it('treats a device clock ahead of the stamp as just now', () => {
    expect(relativeTime(now + 60_000, now, 'id')).toBe('baru saja');
  });
});
