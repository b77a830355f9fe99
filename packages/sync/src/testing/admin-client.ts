import { Branch, DeviceCreated, Product, type Permission, type ProductInput } from '@kasir/protocol';
import { z } from 'zod';

/** The admin calls integration tests and the simulator make to set a server up. */
export interface AdminClient {
  branch(code: string, name?: string): Promise<Branch>;
  /** A device of the branch; a till has no permissions beyond selling unless given. */
  device(branchId: string, name: string, permissions?: readonly Permission[]): Promise<DeviceCreated>;
  products(inputs: readonly ProductInput[]): Promise<Product[]>;
  stock(branchId: string, productId: string, delta: number): Promise<void>;
  revoke(deviceId: string): Promise<void>;
}

/** Admin API over fetch with the admin token; throws on any failure (set-up code, not the engine). */
export function createAdminClient(
  serverUrl: string,
  adminToken: string,
  fetchFn: typeof fetch = fetch,
): AdminClient {
  const call = async <S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<z.infer<S>> => {
    const res = await fetchFn(`${serverUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return schema.parse(text === '' ? undefined : JSON.parse(text));
  };
  return {
    branch: (code, name = code) => call(Branch, 'POST', '/api/admin/branches', { code, name }),
    device: (branchId, name, permissions) =>
      call(DeviceCreated, 'POST', '/api/admin/devices', {
        branchId,
        name,
        ...(permissions === undefined ? {} : { permissions }),
      }),
    async products(inputs) {
      const out: Product[] = [];
      for (let i = 0; i < inputs.length; i += 5000) {
        out.push(...(await call(z.array(Product), 'PUT', '/api/admin/products', inputs.slice(i, i + 5000))));
      }
      return out;
    },
    async stock(branchId, productId, delta) {
      await call(z.unknown(), 'POST', '/api/admin/stock', { branchId, productId, delta, reason: 'receive' });
    },
    async revoke(deviceId) {
      await call(z.unknown(), 'DELETE', `/api/admin/devices/${deviceId}`);
    },
  };
}
