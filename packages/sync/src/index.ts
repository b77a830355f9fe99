// Client
export {
  createSyncClient,
  type SyncClient,
  type SyncClientOptions,
  type NotLeader,
} from './client/create-sync-client.ts';
export { SyncEngine, type SyncRunResult, type EngineOptions } from './client/sync-engine.ts';
export type { IntegrityResult } from './client/integrity.ts';
export { prepareSale, type SaleDraft, type RecordResult } from './client/record-sale.ts';
export { buildMutation, keepMine, type MutationDraft } from './client/mutation-draft.ts';

// Catalog (in-memory read side)
export {
  CatalogIndex,
  type ProductView,
  type ProductPage,
  type LocalChecksums,
} from './catalog/catalog-index.ts';
export { replayLocalEffects, type LocalEffects } from './catalog/local-effects.ts';

// Store
export type { DeviceStore, SaleCommit, FullSyncPage } from './store/device-store.ts';
export type {
  DeviceIdentity,
  OutboxState,
  OutboxStateKind,
  OutboxEntry,
  SaleSyncState,
  LocalSale,
  FullSyncCheckpoint,
  SyncMeta,
  ChangeSet,
  CatalogSnapshot,
  OutboxOutcome,
  OutboxCounts,
} from './store/records.ts';
export { deviceIdentityOf } from './store/records.ts';
export { createMemoryStore } from './store/memory-store.ts';
export { openDexieStore, type DexieStoreOptions } from './store/dexie-store.ts';
export { memoryJournalMirror, type JournalCopy, type JournalMirror } from './store/journal-mirror.ts';
export { opfsJournalMirror, writeOpfsFile } from './store/opfs-journal-mirror.ts';

// Outbox, pull, realtime
export { backoffDelay, type BackoffOptions } from './outbox/backoff.ts';
export { pushOutbox, outcomeOf, failedOutcome, type PushRun } from './outbox/push-outbox.ts';
export { pullChanges, applyChangeSet, type PullRun } from './pull/pull-changes.ts';
export { runFullSync, type FullSyncProgress, type FullSyncRun } from './pull/full-sync.ts';
export { splitChanges } from './pull/split-changes.ts';
export { decideEvent, type GapDecision } from './realtime/gap-rule.ts';
export { parseRealtimeEvent, type ParsedEvent } from './realtime/parse-event.ts';

// Transport
export {
  classifyApiError,
  classifyErrorCode,
  codeForStatus,
  describeApiError,
  type ApiError,
  type ApiResult,
  type ErrorClass,
} from './transport/api-result.ts';
export type { SyncApi } from './transport/sync-api.ts';
export { createHttpSyncApi, type FetchFn, type HttpSyncApiOptions } from './transport/http-sync-api.ts';
export type { RealtimeFactory, RealtimeListener, RealtimeSocket } from './transport/realtime-socket.ts';
export { socketIoFactory } from './transport/socket-io-factory.ts';

// Status and leadership
export {
  StatusStore,
  INITIAL_STATUS,
  type SyncErrorKind,
  type SyncStatus,
  type ConnectionState,
  type Blocked,
} from './status/sync-status.ts';
export { Emitter, type SyncEvents } from './status/sync-events.ts';
export type { LeaderElector, LockManagerLike } from './leader/leader-elector.ts';
export { webLocksElector } from './leader/web-locks-elector.ts';
export { leaseElector, type LeaseElectorOptions } from './leader/lease-elector.ts';
export { broadcastTabChannel, createTabHub, type TabChannel, type TabMessage } from './leader/tab-channel.ts';

// Injected dependencies
export { systemClock, systemTimers, type Clock, type Timers, type TimerHandle } from './deps/clock.ts';
export { silentLogger, consoleLogger, type Logger, type LogFields } from './deps/logger.ts';
export { seededRandom, type Random } from './deps/random.ts';
export { Mutex } from './deps/mutex.ts';
export { auditSales, type SaleAuditRun, type AuditDayResult } from './client/sale-audit.ts';
export type { AuditSummary } from './status/sync-status.ts';
export { SYNC_LOG_LIMIT, type SyncLogEntry, type SyncLogKind } from './store/sync-log-record.ts';
export type { SaleRecordResult, StorageUse } from './client/create-sync-client.ts';
export type { RetentionOptions } from './client/prune-history.ts';
export { ServerList } from './transport/server-list.ts';
