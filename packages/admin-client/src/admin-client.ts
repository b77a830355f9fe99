import {
  Branch,
  DeviceCreated,
  DeviceInfo,
  ErrorEnvelope,
  MAX_PRODUCTS_PER_UPSERT,
  PairingCodeResponse,
  Product,
  StockMovementResult,
  StaffMember,
  type StaffCreateBody,
  type StaffUpdateBody,
  type BranchCreateBody,
  type DeviceCreateBody,
  type ProductInput,
  type StockMovementInput,
} from '@kasir/protocol';
import { z } from 'zod';
import type { AdminResult } from './admin-result.ts';

/** The part of `fetch` the client uses: the platform's fits, in the browser and in Node. */
export type AdminFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface AdminClientOptions {
  /** The server's base URL, e.g. `http://127.0.0.1:8080` (a trailing slash is ignored). */
  readonly baseUrl: string;
  /** The admin bearer token. */
  readonly token: string;
  /** Defaults to the global `fetch`. */
  readonly fetch?: AdminFetch;
}

/**
 * The admin API (`/api/admin/...`), one method per route. Bodies are typed by the protocol's
 * schemas and every answer is validated against them; failures come back as values carrying the
 * error envelope's code, never thrown.
 */
export interface AdminClient {
  listBranches(): Promise<AdminResult<Branch[]>>;
  createBranch(body: BranchCreateBody): Promise<AdminResult<Branch>>;
  /** Devices with presence, of one branch or of all. */
  listDevices(branchId?: string): Promise<AdminResult<DeviceInfo[]>>;
  getDevice(id: string): Promise<AdminResult<DeviceInfo>>;
  /** Enrols a device; its token is in the answer only. */
  createDevice(body: DeviceCreateBody): Promise<AdminResult<DeviceCreated>>;
  revokeDevice(id: string): Promise<AdminResult<void>>;
  /** A one-time code (15 minutes) a person types on the device to pair it. */
  createPairingCode(deviceId: string): Promise<AdminResult<PairingCodeResponse>>;
  /**
   * Creates or updates products by SKU. More than the route takes at once
   * (MAX_PRODUCTS_PER_UPSERT) goes in several calls, in order; the first failure ends it.
   */
  upsertProducts(inputs: readonly ProductInput[]): Promise<AdminResult<Product[]>>;
  deleteProduct(id: string): Promise<AdminResult<void>>;
  /** A movement in a branch's stock ledger (receive, adjustment, count, ...). */
  moveStock(body: StockMovementInput): Promise<AdminResult<StockMovementResult>>;
  /** Till staff (issue 13): one branch's, or every branch's. */
  listStaff(branchId?: string): Promise<AdminResult<StaffMember[]>>;
  /** A till staff member with a 4-6 digit PIN; the server keeps only its slow hash. */
  createStaff(body: StaffCreateBody): Promise<AdminResult<StaffMember>>;
  updateStaff(id: string, body: StaffUpdateBody): Promise<AdminResult<StaffMember>>;
}

const NoContent = z.undefined();

export function createAdminClient(options: AdminClientOptions): AdminClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const fetchFn: AdminFetch = options.fetch ?? ((url, init) => fetch(url, init));

  async function call<S extends z.ZodType>(
    schema: S,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<AdminResult<z.infer<S>>> {
    let response: Response;
    let text: string;
    try {
      response = await fetchFn(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${options.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      text = await response.text();
    } catch (e) {
      return { ok: false, error: { kind: 'network', message: e instanceof Error ? e.message : String(e) } };
    }
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      return invalid(response.status, `not JSON: ${text.slice(0, 200)}`);
    }
    if (!response.ok) {
      const envelope = ErrorEnvelope.safeParse(json);
      if (!envelope.success) return invalid(response.status, `no error envelope: ${text.slice(0, 200)}`);
      return { ok: false, error: { kind: 'http', status: response.status, ...envelope.data.error } };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) return invalid(response.status, `${method} ${path}: ${parsed.error.message}`);
    return { ok: true, value: parsed.data };
  }

  return {
    listBranches: () => call(z.array(Branch), 'GET', '/api/admin/branches'),
    createBranch: (body) => call(Branch, 'POST', '/api/admin/branches', body),
    listDevices: (branchId) =>
      call(
        z.array(DeviceInfo),
        'GET',
        `/api/admin/devices${branchId === undefined ? '' : `?branchId=${encodeURIComponent(branchId)}`}`,
      ),
    getDevice: (id) => call(DeviceInfo, 'GET', `/api/admin/devices/${encodeURIComponent(id)}`),
    createDevice: (body) => call(DeviceCreated, 'POST', '/api/admin/devices', body),
    revokeDevice: (id) => call(NoContent, 'DELETE', `/api/admin/devices/${encodeURIComponent(id)}`),
    createPairingCode: (deviceId) =>
      call(PairingCodeResponse, 'POST', `/api/admin/devices/${encodeURIComponent(deviceId)}/pairing-code`),
    async upsertProducts(inputs) {
      const out: Product[] = [];
      for (let i = 0; i < inputs.length; i += MAX_PRODUCTS_PER_UPSERT) {
        const chunk = inputs.slice(i, i + MAX_PRODUCTS_PER_UPSERT);
        const r = await call(z.array(Product), 'PUT', '/api/admin/products', chunk);
        if (!r.ok) return r;
        out.push(...r.value);
      }
      return { ok: true, value: out };
    },
    deleteProduct: (id) => call(NoContent, 'DELETE', `/api/admin/products/${encodeURIComponent(id)}`),
    moveStock: (body) => call(StockMovementResult, 'POST', '/api/admin/stock', body),
    listStaff: (branchId) =>
      call(
        z.array(StaffMember),
        'GET',
        `/api/admin/staff${branchId === undefined ? '' : `?branchId=${encodeURIComponent(branchId)}`}`,
      ),
    createStaff: (body) => call(StaffMember, 'POST', '/api/admin/staff', body),
    updateStaff: (id, body) => call(StaffMember, 'PATCH', `/api/admin/staff/${encodeURIComponent(id)}`, body),
  };
}

function invalid(status: number, message: string): AdminResult<never> {
  return { ok: false, error: { kind: 'invalid_response', status, message } };
}
