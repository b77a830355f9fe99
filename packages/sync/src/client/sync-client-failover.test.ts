import { BRANCH_HEADER } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import type { FetchFn } from '../transport/http-sync-api.ts';
import type { RealtimeFactory } from '../transport/realtime-socket.ts';
import { makeSaleDraft } from '../testing/fixtures.ts';
import { createHarness } from '../testing/harness.ts';

describe('sync client: several server addresses and the branch key (issue 18)', () => {
  it('fails over to the next address when the first cannot be reached, and sends the branch key with every request and socket', async () => {
    const h = createHarness({ stock: 10 });
    const seen: { url: string; branch: string | undefined }[] = [];
    // The first address is down: every request and socket to it fails as a network error.
    const fetch: FetchFn = (url, init) => {
      seen.push({ url, branch: new Headers(init.headers).get(BRANCH_HEADER) ?? undefined });
      if (url.startsWith('http://down.test')) return Promise.reject(new TypeError('fetch failed'));
      return h.server.fetch(url, init);
    };
    const sockets: { url: string; branchKey: string | undefined }[] = [];
    const realtime: RealtimeFactory = (opts, listener) => {
      sockets.push({ url: opts.serverUrl, branchKey: opts.branchKey });
      if (!opts.serverUrl.startsWith('http://down.test')) return h.server.realtime(opts, listener);
      return {
        connect: () => queueMicrotask(() => listener.onConnectError({ message: 'websocket error' })),
        close: () => undefined,
      };
    };
    const c = h.client(h.device('D1'), {
      serverUrl: 'http://down.test',
      fallbackServerUrls: ['http://kasir.test'],
      branchKey: h.branchId,
      fetch,
      realtime,
    });
    await c.start();
    await h.settle();
    await h.clock.advance(31_000); // the socket's retry after backoff goes to the second address
    const sold = await c.recordSale(makeSaleDraft([h.products[0]!], 1));
    expect(sold.ok).toBe(true);
    await h.settle();
    expect(c.status.get().pending).toBe(0);
    // The first address was tried (by the socket or a request) before the second.
    expect([...sockets.map((s) => s.url), ...seen.map((s) => s.url)][0]).toMatch(/^http:\/\/down\.test/);
    expect(
      seen.map((s) => s.url).filter((u) => u.includes('/api/sync/push') || u.includes('/api/sales'))[0],
    ).toMatch(/^http:\/\/kasir\.test/);
    expect(seen.filter((s) => s.branch !== h.branchId)).toEqual([]);
    // The socket too moved to the address that answers, with the branch key on its handshake.
    expect(sockets.map((s) => s.url)).toContain('http://kasir.test');
    expect(sockets.filter((s) => s.branchKey !== h.branchId)).toEqual([]);
    expect(c.status.get().connection).toBe('online');
    await c.stop();
  });
});
