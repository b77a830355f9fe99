import { describe, expect, it } from 'vitest';
import { startTestServer } from '../test/test-server.ts';

describe('/healthz', () => {
  it('answers 200 ok while the database answers, and 503 degraded (no stack) when it does not', async () => {
    const t = await startTestServer('sqlite');
    try {
      const up = await t.request('GET', '/healthz');
      expect(up.status).toBe(200);
      expect(up.body).toEqual({ status: 'ok' });
      // The database handle gone: the process still answers, and says it cannot serve.
      await t.server.db.close();
      const down = await t.request('GET', '/healthz');
      expect(down.status).toBe(503);
      expect(down.body).toEqual({ status: 'degraded', database: 'unreachable' });
      expect(down.headers.get('retry-after')).toBe('1');
    } finally {
      await t.server.app.close();
      await t.database.drop();
    }
  });
});
