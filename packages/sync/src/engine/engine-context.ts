import type { Clock } from '../deps/clock.ts';
import type { Logger } from '../deps/logger.ts';
import type { CatalogIndex } from '../catalog/catalog-index.ts';
import type { Emitter } from '../status/sync-events.ts';
import type { SyncEvents } from '../status/sync-events.ts';
import type { DeviceStore } from '../store/device-store.ts';
import type { SyncApi } from '../transport/sync-api.ts';

/** What the push, pull and full-sync steps share. */
export interface EngineContext {
  readonly store: DeviceStore;
  readonly api: SyncApi;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly index: CatalogIndex;
  readonly events: Emitter<SyncEvents>;
  /** This device's id once known: sales of other devices raise `remoteSale`. */
  readonly deviceId: () => string | null;
}

export const isoNow = (clock: Clock): string => new Date(clock.now()).toISOString();
