// `@kasir/sync/testing`: test doubles for this package's tests, the cashier app's tests, the
// simulator (bench/) and the fault suite (faults/). Not part of the engine's public API.
export { createFakeServer, type FakeServer, type FakeNetwork } from './fake-server.ts';
export { FakeBackend, type FakeDevice, type FakeBroadcast } from './fake-backend.ts';
export { createManualClock, settle, settleUntil, type ManualClock } from './manual-clock.ts';
export { createFakeLocks } from './fake-locks.ts';
export { createAdminClient, type AdminClient } from './admin-client.ts';
export {
  testId,
  makeProduct,
  makeSaleDraft,
  makeSaleInput,
  makeSaleSummary,
  freshId,
  type SaleDraft,
} from './fixtures.ts';
