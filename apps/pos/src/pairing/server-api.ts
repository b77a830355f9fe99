import { deviceIdentityOf } from '@kasir/sync';
import { Branch, DeviceCreated, ErrorEnvelope, PairResponse, SetupStatus } from '@kasir/protocol';
import type { z } from 'zod';
import type { PairedDevice } from './paired-device.ts';

/**
 * A failed call keeps the server's error `code` (protocol error-code.ts), or the device's own kind:
 * `network` (no answer) or `invalid_response` (not our protocol); the screens translate the code and
 * the `message` (the server's English) goes to logs only.
 */
export type ApiOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message: string };

type FetchFn = (url: string, init?: RequestInit) => Promise<Response>;

/** One call, parsed by its protocol schema; failures (network, envelope, shape) come back as values. */
async function call<S extends z.ZodType>(
  fetchFn: FetchFn,
  schema: S,
  url: string,
  init: { method?: string; token?: string; body?: unknown } = {},
): Promise<ApiOutcome<z.infer<S>>> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
  } catch (e) {
    return { ok: false, code: 'network', message: e instanceof Error ? e.message : String(e) };
  }
  let json: unknown = undefined;
  try {
    json = await res.json();
  } catch {
    // Not JSON: handled below.
  }
  if (!res.ok) {
    const env = ErrorEnvelope.safeParse(json);
    return env.success
      ? { ok: false, code: env.data.error.code, message: env.data.error.message }
      : { ok: false, code: 'invalid_response', message: `HTTP ${res.status}` };
  }
  const parsed = schema.safeParse(json);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, code: 'invalid_response', message: 'unexpected answer from the server' };
}

export function getSetupStatus(fetchFn: FetchFn, serverUrl: string): Promise<ApiOutcome<SetupStatus>> {
  return call(fetchFn, SetupStatus, `${serverUrl}/api/setup/status`);
}

/** `POST /api/devices/pair`: the code is the credential; the answer is this device's token. */
export async function pairWithCode(
  fetchFn: FetchFn,
  serverUrl: string,
  code: string,
  now: Date,
): Promise<ApiOutcome<PairedDevice>> {
  const r = await call(fetchFn, PairResponse, `${serverUrl}/api/devices/pair`, {
    method: 'POST',
    body: { code },
  });
  if (!r.ok) return r;
  const { token, lastInvoiceCounter } = r.value;
  return {
    ok: true,
    value: {
      serverUrl,
      token,
      ...deviceIdentityOf(r.value),
      pairedAt: now.toISOString(),
      ...(lastInvoiceCounter === undefined ? {} : { lastInvoiceCounter }),
    },
  };
}

/** First run: the shop's first branch and this device, with the admin token the server printed. */
export async function setUpFirstBranch(
  fetchFn: FetchFn,
  serverUrl: string,
  input: { adminToken: string; branchCode: string; branchName: string; deviceName: string },
  now: Date,
): Promise<ApiOutcome<PairedDevice>> {
  const branch = await call(fetchFn, Branch, `${serverUrl}/api/admin/branches`, {
    method: 'POST',
    token: input.adminToken,
    body: { code: input.branchCode, name: input.branchName },
  });
  if (!branch.ok) return branch;
  const device = await call(fetchFn, DeviceCreated, `${serverUrl}/api/admin/devices`, {
    method: 'POST',
    token: input.adminToken,
    body: { branchId: branch.value.id, name: input.deviceName },
  });
  if (!device.ok) return device;
  const identity = deviceIdentityOf({
    device: { ...device.value, name: input.deviceName },
    branch: branch.value,
  });
  return {
    ok: true,
    value: { serverUrl, token: device.value.token, ...identity, pairedAt: now.toISOString() },
  };
}
