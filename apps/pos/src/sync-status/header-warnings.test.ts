import { describe, expect, it } from 'vitest';
import { headerWarnings } from './header-warnings.ts';

const now = Date.parse('2026-01-01T12:00:00Z');

describe('header warnings', () => {
  it('warns when the last sync is over an hour old', () => {
    expect(headerWarnings({ lastSyncedAt: '2026-01-01T11:30:00Z', pending: 0 }, now, now).stale).toBe(false);
    expect(headerWarnings({ lastSyncedAt: '2026-01-01T10:59:00Z', pending: 0 }, now, now).stale).toBe(true);
  });

  it('warns about a device that never synced only after an hour of trying', () => {
    expect(headerWarnings({ lastSyncedAt: null, pending: 0 }, now, now - 60_000).stale).toBe(false);
    expect(headerWarnings({ lastSyncedAt: null, pending: 0 }, now, now - 2 * 3_600_000).stale).toBe(true);
  });

  it('warns when more than 50 are pending', () => {
    expect(headerWarnings({ lastSyncedAt: null, pending: 50 }, now, now).backlog).toBe(false);
    expect(headerWarnings({ lastSyncedAt: null, pending: 51 }, now, now).backlog).toBe(true);
  });
});
