import type {
  DeviceHealthReport,
  DeviceSelf,
  Mutation,
  PullResponse,
  PushResponse,
  SaleAuditResponse,
  SyncStateResponse,
} from '@kasir/protocol';
import type { ApiResult } from './api-result.ts';

/** The server's sync contract as the engine sees it; `createHttpSyncApi` speaks it over fetch. */
export interface SyncApi {
  /** `GET /api/device`: who this token is (codes for receipt numbers, S10). */
  getDevice(): Promise<ApiResult<DeviceSelf>>;
  /** `GET /api/sync/pull`: one keyset page from `cursor` (empty: from the start). */
  pull(cursor: string, limit: number): Promise<ApiResult<PullResponse>>;
  /** `GET /api/sync/state`: counts and checksums the device should hold (S12). */
  getState(): Promise<ApiResult<SyncStateResponse>>;
  /** `POST /api/sync/push`: one result per mutation, same order (S3, S9). */
  push(mutations: readonly Mutation[]): Promise<ApiResult<PushResponse>>;
  /** `GET /api/sync/audit?day=`: this device's sales of a day on the server (optional for fakes). */
  audit?(day: string, detail: boolean): Promise<ApiResult<SaleAuditResponse>>;
  /** `POST /api/device/health`: this device's own health for the back office (optional for fakes). */
  reportHealth?(report: DeviceHealthReport): Promise<ApiResult<unknown>>;
}
