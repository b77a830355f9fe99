/**
 * `@kasir/server/testing`: how tests outside this package run the real server, for the test kit
 * (packages/test-kit), which bench/ and faults/ use. Node only.
 */
export {
  ENGINES,
  TEST_PG_URL,
  createTestDatabase,
  onTestPostgres,
  type TestDatabase,
} from './test-database.ts';
export {
  SERVER_MAIN,
  freePort,
  spawnServer,
  type ServerProcess,
  type ServerProcessOptions,
} from './server-process.ts';
export {
  httpRequest,
  startTestServer,
  type Http,
  type RequestOptions,
  type TestServer,
  type TestServerOptions,
} from './test-server.ts';
export { demoCatalog } from '../demo/demo-catalog.ts';
export type { Engine } from '../db/open-database.ts';
