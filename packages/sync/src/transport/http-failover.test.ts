import { describe, expect, it } from 'vitest';
import { createManualClock } from '../testing/manual-clock.ts';
import { createHttpSyncApi, type FetchFn } from './http-sync-api.ts';
import { ServerList } from './server-list.ts';

describe('createHttpSyncApi with several addresses (issue 18)', () => {
  it('a network error moves the next call to the next address; an HTTP error does not; the branch key rides along', async () => {
    const urls: string[] = [];
    const branches: (string | null)[] = [];
    let status = 503;
    const fetch: FetchFn = (url, init) => {
      urls.push(url);
      branches.push(new Headers(init.headers).get('x-kasir-branch'));
      if (url.startsWith('http://a')) return Promise.reject(new TypeError('fetch failed'));
      return Promise.resolve(new Response('{"changes":[],"cursor":"0.0","hasMore":false}', { status }));
    };
    const servers = new ServerList(['http://a', 'http://b']);
    const api = createHttpSyncApi({
      serverUrl: 'http://a',
      servers,
      branchKey: 'br-1',
      token: 'tok',
      fetch,
      timers: createManualClock(),
    });
    expect(await api.pull('', 10)).toMatchObject({ ok: false, error: { kind: 'network' } });
    expect(await api.pull('', 10)).toMatchObject({ ok: false, error: { kind: 'http', status: 503 } });
    status = 200;
    expect(await api.pull('', 10)).toMatchObject({ ok: true });
    expect(urls.map((u) => new URL(u).host)).toEqual(['a', 'b', 'b']);
    expect(branches).toEqual(['br-1', 'br-1', 'br-1']);
  });
});
