import { afterAll, beforeAll } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.ts';

/**
 * The test server of the enclosing `describe`: started before its tests (`beforeAll`, ahead of the
 * suite's own set-up registered after this call) and closed after them. The handle forwards to the
 * running server, so a suite declares it once with `const t = useTestServer(engine)`.
 */
export function useTestServer(engine: Engine, options: TestServerOptions = {}): TestServer {
  let running: TestServer | undefined;
  beforeAll(async () => {
    running = await startTestServer(engine, options);
  });
  afterAll(() => running?.close());
  return new Proxy({} as TestServer, {
    get(_, key) {
      if (running === undefined)
        throw new Error('the test server starts in beforeAll: use it in a test or hook');
      const value: unknown = Reflect.get(running, key);
      return value;
    },
  });
}
