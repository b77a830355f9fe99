import { MAX_PRODUCTS_PER_UPSERT, type ProductInput } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { createAdminClient, type AdminFetch } from './admin-client.ts';
import { unwrap } from './admin-result.ts';

const BRANCH = { id: '01935b2a-0000-7000-8000-000000000001', code: 'JKT', name: 'Jakarta' };

/** A fetch that answers every call with `reply` and records what was asked. */
function fakeFetch(reply: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: AdminFetch = async (url, init) => {
    calls.push({ url, init });
    return reply(url, init);
  };
  return { fetch, calls };
}

const json = (status: number, body: unknown): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('admin client', () => {
  it('sends the admin token and the body, and returns the validated answer', async () => {
    const f = fakeFetch(() => json(201, BRANCH));
    const admin = createAdminClient({ baseUrl: 'http://shop:8080/', token: 'ka_secret', fetch: f.fetch });
    const r = await admin.createBranch({ code: 'JKT', name: 'Jakarta' });
    expect(r).toEqual({ ok: true, value: BRANCH });
    expect(f.calls[0]!.url).toBe('http://shop:8080/api/admin/branches');
    expect(f.calls[0]!.init.method).toBe('POST');
    expect(f.calls[0]!.init.headers).toMatchObject({ authorization: 'Bearer ka_secret' });
    expect(JSON.parse(f.calls[0]!.init.body as string)).toEqual({ code: 'JKT', name: 'Jakarta' });
  });

  it("returns the envelope's code as a value on a refusal", async () => {
    const f = fakeFetch(() => json(409, { error: { code: 'already_exists', message: 'taken' } }));
    const admin = createAdminClient({ baseUrl: 'http://shop', token: 't', fetch: f.fetch });
    const r = await admin.createBranch({ code: 'JKT', name: 'Jakarta' });
    expect(r).toEqual({
      ok: false,
      error: { kind: 'http', status: 409, code: 'already_exists', message: 'taken' },
    });
    expect(() => unwrap(r, 'create branch')).toThrow('create branch: 409 already_exists: taken');
  });

  it.each([
    ['an HTML error page', () => new Response('<html>Bad Gateway</html>', { status: 502 })],
    ['a body the schema refuses', () => json(200, [{ id: 'not-a-uuid' }])],
    [
      'an envelope with a code outside the protocol',
      () => json(400, { error: { code: 'nope', message: 'x' } }),
    ],
  ])('tells %s from a refusal: invalid_response', async (_what, reply) => {
    const f = fakeFetch(reply);
    const r = await createAdminClient({ baseUrl: 'http://shop', token: 't', fetch: f.fetch }).listBranches();
    expect(r.ok === false && r.error.kind).toBe('invalid_response');
  });

  it('reports no answer at all as a network error', async () => {
    const f = fakeFetch(() => Promise.reject(new TypeError('fetch failed')));
    const r = await createAdminClient({ baseUrl: 'http://shop', token: 't', fetch: f.fetch }).revokeDevice(
      BRANCH.id,
    );
    expect(r).toEqual({ ok: false, error: { kind: 'network', message: 'fetch failed' } });
  });

  it('accepts an empty 204 for deletions', async () => {
    const f = fakeFetch(() => new Response(null, { status: 204 }));
    const r = await createAdminClient({ baseUrl: 'http://shop', token: 't', fetch: f.fetch }).deleteProduct(
      BRANCH.id,
    );
    expect(r).toEqual({ ok: true, value: undefined });
    expect(f.calls[0]!.init.method).toBe('DELETE');
  });

  it('upserts more products than one call takes in several calls, in order', async () => {
    const inputs: ProductInput[] = Array.from({ length: MAX_PRODUCTS_PER_UPSERT + 2 }, (_, i) => ({
      sku: `S${i}`,
      name: `P${i}`,
      price: 1000,
    }));
    const f = fakeFetch((_url, init) => {
      const body = JSON.parse(init.body as string) as ProductInput[];
      return json(
        200,
        body.map((p, i) => ({
          id: `01935b2a-0000-7000-8000-${String(i).padStart(12, '0')}`,
          sku: p.sku,
          name: p.name,
          price: p.price,
          barcodes: [],
          category: null,
          taxRate: 11,
          active: true,
          version: 1,
          deleted: false,
        })),
      );
    });
    const r = await createAdminClient({ baseUrl: 'http://shop', token: 't', fetch: f.fetch }).upsertProducts(
      inputs,
    );
    expect(f.calls.map((c) => (JSON.parse(c.init.body as string) as unknown[]).length)).toEqual([
      MAX_PRODUCTS_PER_UPSERT,
      2,
    ]);
    expect(unwrap(r).map((p) => p.sku)).toEqual(inputs.map((p) => p.sku));
  });
});
