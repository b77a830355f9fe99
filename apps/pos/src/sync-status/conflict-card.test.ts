import type { ConflictRecord } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { renderStatic, textOf } from '../testing/render-static.ts';
import { ConflictCard } from './conflict-card.tsx';

const conflict: ConflictRecord = {
  id: '01900000-0000-7000-8000-000000000001',
  mutationId: '01900000-0000-7000-8000-000000000002',
  kind: 'product',
  entityId: '01900000-0000-7000-8000-000000000003',
  baseVersion: 3,
  serverVersion: 5,
  mine: { price: 15_000, name: 'Kopi' },
  server: { price: 16_000, name: 'Kopi' },
  createdAt: '2026-01-01T10:00:00Z',
};

describe('conflict card (S8)', () => {
  it('shows both versions side by side, marks the differing field, offers both choices', async () => {
    const html = await renderStatic(ConflictCard, { conflict, onResolve: () => undefined });
    const text = textOf(html);
    expect(text).toContain('Perangkat ini (v3) Server (v5)');
    expect(text).toContain('name Kopi Kopi');
    expect(text).toContain('price 15000 16000');
    expect(html.match(/class="diff"/g)).toHaveLength(1);
    expect(text).toContain('Pakai milik saya Pakai versi server');
  });
});
