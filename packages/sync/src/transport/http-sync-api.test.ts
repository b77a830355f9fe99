import { describe, expect, it } from 'vitest';
import { createManualClock } from '../testing/manual-clock.ts';
import { classifyApiError } from './api-result.ts';
import { createHttpSyncApi, type FetchFn } from './http-sync-api.ts';

const api = (fetch: FetchFn) =>
  createHttpSyncApi({ serverUrl: 'http://s/', token: 'tok', fetch, timers: createManualClock() });
const respond =
  (status: number, body: string): FetchFn =>
  () =>
    Promise.resolve(new Response(body, { status }));

describe('createHttpSyncApi', () => {
  it('S14: sends the token and the protocol version, past the HTTP cache', async () => {
    let seen: Headers | undefined;
    let cache: RequestCache | undefined;
    let url = '';
    await api((u, init) => {
      url = u;
      seen = new Headers(init.headers);
      cache = init.cache;
      return Promise.resolve(new Response('{"changes":[],"cursor":"0.0","hasMore":false}'));
    }).pull('', 500);
    expect(url).toBe('http://s/api/sync/pull?cursor=&limit=500');
    expect(seen?.get('authorization')).toBe('Bearer tok');
    expect(seen?.get('x-kasir-protocol')).toBe('1');
    // Past the browser's HTTP cache: no pull or push answer is kept on the till's disk there.
    expect(cache).toBe('no-store');
  });

  it('S9: errors come back as values and classify as retryable or permanent', async () => {
    const envelope = JSON.stringify({ error: { code: 'validation_failed', message: 'bad' } });
    const r400 = await api(respond(400, envelope)).getState();
    expect(r400).toMatchObject({
      ok: false,
      error: { kind: 'http', status: 400, code: 'validation_failed' },
    });
    const r502 = await api(respond(502, '<html>bad gateway</html>')).getState();
    const rNet = await api(() => Promise.reject(new TypeError('fetch failed'))).getState();
    const rBody = await api(respond(200, '{"nope":1}')).getState();
    const r401 = await api(
      respond(401, JSON.stringify({ error: { code: 'unauthorized', message: 'x' } })),
    ).getState();
    const r426 = await api(
      respond(426, JSON.stringify({ error: { code: 'upgrade_required', message: 'x' } })),
    ).getState();
    const classes = [r400, r502, rNet, rBody, r401, r426].map((r) =>
      r.ok ? 'ok' : classifyApiError(r.error),
    );
    expect(classes).toEqual([
      'permanent',
      'retryable',
      'retryable',
      'retryable',
      'unauthorized',
      'upgrade_required',
    ]);
  });
});
