import {
  BRANCH_HEADER,
  DeviceSelf,
  ErrorEnvelope,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  PullResponse,
  PushResponse,
  SaleAuditResponse,
  SyncStateResponse,
  type DeviceHealthReport,
  type Mutation,
} from '@kasir/protocol';
import { z } from 'zod';
import type { Timers } from '../deps/clock.ts';
import { codeForStatus, type ApiResult } from './api-result.ts';
import type { ServerList } from './server-list.ts';
import type { SyncApi } from './sync-api.ts';

/** The subset of `fetch` the engine uses; the platform's `fetch` fits, and so does a fake server. */
export type FetchFn = (url: string, init: RequestInit) => Promise<Response>;

export interface HttpSyncApiOptions {
  readonly serverUrl: string;
  readonly token: string;
  readonly fetch: FetchFn;
  readonly timers: Timers;
  /** A request without an answer after this long counts as a network error (retried, S9). */
  readonly timeoutMs?: number;
  /** Days of the branch's sales a pull brings (`salesDays`); the server's default when absent. */
  readonly salesDays?: number;
  /** Several addresses of the deployment: calls go to the current one, failing over on network errors. */
  readonly servers?: ServerList;
  /** Sent as `x-kasir-branch` with every request, for a balancer that routes by branch. */
  readonly branchKey?: string;
}

/**
 * The sync API over HTTP. Every response body is validated against the protocol schema (both ends
 * validate what they receive); every failure comes back as a value, never thrown.
 */
export function createHttpSyncApi(options: HttpSyncApiOptions): SyncApi {
  const fixedBase = options.serverUrl.replace(/\/+$/, '');
  const salesDays = options.salesDays === undefined ? '' : `&salesDays=${options.salesDays}`;
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<S extends z.ZodType>(
    schema: S,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<ApiResult<z.infer<S>>> {
    const base = options.servers?.current() ?? fixedBase;
    const controller = new AbortController();
    const timer = options.timers.setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await options.fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          ...(options.branchKey === undefined ? {} : { [BRANCH_HEADER]: options.branchKey }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        // Sync answers are never reused: they skip the browser's HTTP cache entirely (the server
        // also answers no-store), so no cache file is written next to IndexedDB while a till sells.
        cache: 'no-store',
        signal: controller.signal,
      });
      text = await response.text();
    } catch (e) {
      // The next call (the engine retries with backoff, S9) tries the next address.
      options.servers?.failed(base);
      return { ok: false, error: { kind: 'network', message: e instanceof Error ? e.message : String(e) } };
    } finally {
      options.timers.clearTimeout(timer);
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const envelope = ErrorEnvelope.safeParse(json);
      if (envelope.success) {
        const { code, message, details } = envelope.data.error;
        return {
          ok: false,
          error: {
            kind: 'http',
            status: response.status,
            code,
            message,
            ...(details === undefined ? {} : { details }),
          },
        };
      }
      return {
        ok: false,
        error: {
          kind: 'http',
          status: response.status,
          code: codeForStatus(response.status),
          message: text.slice(0, 200),
        },
      };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          kind: 'invalid_response',
          status: response.status,
          message: parsed.error.message.slice(0, 500),
        },
      };
    }
    return { ok: true, value: parsed.data };
  }

  return {
    getDevice: () => call(DeviceSelf, 'GET', '/api/device'),
    pull: (cursor, limit) =>
      call(
        PullResponse,
        'GET',
        `/api/sync/pull?cursor=${encodeURIComponent(cursor)}&limit=${limit}${salesDays}`,
      ),
    getState: () => call(SyncStateResponse, 'GET', '/api/sync/state'),
    push: (mutations: readonly Mutation[]) => call(PushResponse, 'POST', '/api/sync/push', { mutations }),
    audit: (day, detail) =>
      call(SaleAuditResponse, 'GET', `/api/sync/audit?day=${encodeURIComponent(day)}&detail=${detail}`),
    reportHealth: (report: DeviceHealthReport) => call(z.unknown(), 'POST', '/api/device/health', report),
  };
}
