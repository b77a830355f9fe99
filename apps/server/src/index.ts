export { startServer, type StartOptions, type RunningServer } from './server.ts';
export { buildApp, type AppOptions } from './app.ts';
export { openDatabase, type Db, type DatabaseOptions, type Engine } from './db/open-database.ts';
export { migrateToLatest } from './db/migrations.ts';
export { seedDemo, type DemoShop } from './demo/seed-demo.ts';
export { parseConfig, type Config } from './config.ts';
export type { App, Clock } from './http/app-types.ts';
export { simulatorAcquirer, postSimulatedPayment } from './payments/simulator-acquirer.ts';
export type { AcquirerAdapter, PaymentConfirmation } from './payments/acquirer-adapter.ts';
