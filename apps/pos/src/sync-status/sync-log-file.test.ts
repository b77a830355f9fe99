import { INITIAL_STATUS } from '@kasir/sync';
import { describe, expect, it } from 'vitest';
import { syncLogFile } from './sync-log-file.ts';

describe('sync log file', () => {
  it('names the device and time, and holds the status and every event', () => {
    const events = [
      { seq: 2, at: '2026-01-01T00:00:01.000Z', kind: 'error' as const, ok: false, code: 'network' },
    ];
    const f = syncLogFile(
      { deviceName: 'Kasir 1', branchName: 'Pusat' },
      INITIAL_STATUS,
      events,
      new Date('2026-01-02T03:04:05.000Z'),
    );
    expect(f.name).toBe('kasir-sync-log-kasir-1-2026-01-02T03-04-05-000Z.json');
    expect(JSON.parse(f.text)).toEqual({
      exportedAt: '2026-01-02T03:04:05.000Z',
      device: { deviceName: 'Kasir 1', branchName: 'Pusat' },
      status: INITIAL_STATUS,
      events,
    });
  });
});
