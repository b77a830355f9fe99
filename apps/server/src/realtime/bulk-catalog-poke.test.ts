import type { ProductUpdatedEvent } from '@kasir/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../test/realtime-client.ts';
import { sampleProducts, startTestServer, type TestServer } from '../test/test-server.ts';
import { BULK_CATALOG_POKE_MS } from './realtime-hub.ts';

describe('bulk catalog pokes [sqlite]', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await t.server.close();
    await t.database.drop();
  });

  it('S6: an import sent in several large requests pokes each device once, with the newest cursor', async () => {
    const branch = await t.branch('BK');
    const device = await t.device(branch);
    const { socket, rec } = await connect(t.url, device.token);
    try {
      await rec.waitFor('welcome');
      const batches = 4;
      const started = Date.now();
      for (let b = 0; b < batches; b++) await t.products(sampleProducts(60, `BULK${b}-`));
      const sentWithinWindow = Date.now() - started < BULK_CATALOG_POKE_MS;
      const head = (await t.request('GET', '/api/sync/state', { token: device.token })).body as {
        cursor: string;
      };
      await rec.waitFor<ProductUpdatedEvent>(
        'product_updated',
        (e) => `${e.cursor}` === head.cursor.split('.')[0],
      );
      await new Promise((r) => setTimeout(r, BULK_CATALOG_POKE_MS + 200));
      const pokes = rec.events.filter((e) => e.name === 'product_updated');
      // One poke per window: fewer than one per request, and exactly one when all fit in a window.
      expect(pokes.length).toBeLessThan(batches);
      if (sentWithinWindow) expect(pokes.length).toBe(1);
    } finally {
      socket.disconnect();
    }
  });
});
