import { describe, expect, it } from 'vitest';
import { ApiError, createApi, queryString } from './api.ts';

describe('api client', () => {
  it('leaves empty filters out of the query string', () => {
    expect(queryString({ q: 'kopi', category: '', active: true, cursor: undefined, limit: 100 })).toBe(
      '?q=kopi&active=true&limit=100',
    );
    expect(queryString({})).toBe('');
  });

  it('turns our error envelope into an ApiError with its code', async () => {
    const api = createApi(() =>
      Promise.resolve(
        new Response(JSON.stringify({ error: { code: 'forbidden', message: 'not your branch' } }), {
          status: 403,
        }),
      ),
    );
    const err = await api.get('/api/admin/sales').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 403, code: 'forbidden' });
  });

  it('reads a 204 as no body', async () => {
    const api = createApi(() => Promise.resolve(new Response(null, { status: 204 })));
    await expect(api.send('POST', '/api/auth/logout')).resolves.toBeUndefined();
  });
});
