/**
 * `@kasir/server/testing`: how tests outside this package run the real server, for the test kit
 * (packages/test-kit), which bench/ and faults/ use. Node only.
 */
export {
  ENGINES,
  TEST_PG_URL,
  createTestDatabase,
  onTestPostgres,
  testDatabaseOptions,
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

// Seeding in bulk (bench/b8-back-office.ts): rows written straight into the tables of a server's
// database (open it with `testDatabaseOptions`), then the summaries rebuilt as the migration does.
export { openDatabase, type DatabaseOptions, type Db } from '../db/open-database.ts';
export type { SaleLineTable, SalePaymentTable, SaleTable } from '../db/schema.ts';
export { businessTime } from '../calendar/business-time.ts';
export { rebuildSalesSummary } from '../db/summary-rebuild.ts';

// Product pictures in bulk (bench/browser/seed-images.ts): thumbnails stored under their hash, then
// named on each product through the service, so the feed and the catalog checksum follow.
export { setProductImage } from '../catalog/product-image-service.ts';
export { imageHashOf } from '../catalog/product-images.ts';
