import { INITIAL_STATUS } from '@kasir/sync';
import { describe, expect, it } from 'vitest';
import { renderStatic, textOf } from '../testing/render-static.ts';
import { SyncHeader } from './sync-header.tsx';

const now = Date.parse('2026-01-01T12:00:00Z');
const noop = (): void => undefined;

describe('sync header', () => {
  it('shows online, pending and "5 menit lalu"', async () => {
    const html = await renderStatic(SyncHeader, {
      status: {
        ...INITIAL_STATUS,
        connection: 'online',
        pending: 3,
        lastSyncedAt: '2026-01-01T11:55:00Z',
        stale: false,
      },
      now,
      onOpenDashboard: noop,
    });
    expect(textOf(html)).toBe('Online 3 tertunda Sinkron 5 menit lalu');
  });

  it('warns when stale over an hour and when more than 50 are pending, in English too', async () => {
    const props = {
      status: {
        ...INITIAL_STATUS,
        connection: 'offline' as const,
        pending: 51,
        failed: 2,
        lastSyncedAt: '2026-01-01T10:00:00Z',
        stale: true,
      },
      now,
      onOpenDashboard: noop,
    };
    const id = textOf(await renderStatic(SyncHeader, props));
    expect(id).toContain('Offline 51 tertunda 2 gagal Sinkron 2 jam lalu');
    expect(id).toContain('Lebih dari 1 jam belum sinkron');
    expect(id).toContain('Lebih dari 50 transaksi menunggu sinkron');
    const en = textOf(await renderStatic(SyncHeader, props, 'en'));
    expect(en).toContain('Offline 51 pending 2 failed Synced 2 hours ago');
    expect(en).toContain('More than 50 sales are waiting to sync');
  });
});
