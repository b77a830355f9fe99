import { demoCatalog } from '../../apps/server/src/demo/demo-catalog.ts';
import {
  formatInvoiceNumber,
  newId,
  type DeviceCreated,
  type Product,
  type SaleInput,
} from '@kasir/protocol';
import { ADMIN } from './server-process.ts';

async function call<T>(url: string, method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export interface BenchDevice extends DeviceCreated {
  readonly branchCode: string;
  counter: number;
}

/** Admin calls the benchmarks need: a branch with devices, and a catalog. */
export function adminApi(url: string) {
  return {
    call: <T>(method: string, path: string, token: string, body?: unknown) =>
      call<T>(url, method, path, token, body),
    async branch(code: string): Promise<{ id: string; code: string }> {
      return call(url, 'POST', '/api/admin/branches', ADMIN, { code, name: `Cabang ${code}` });
    },
    async devices(branch: { id: string; code: string }, n: number): Promise<BenchDevice[]> {
      const out: BenchDevice[] = [];
      for (let i = 0; i < n; i++) {
        const d = await call<DeviceCreated>(url, 'POST', '/api/admin/devices', ADMIN, {
          branchId: branch.id,
          name: `Kasir ${i + 1}`,
        });
        out.push({ ...d, branchCode: branch.code, counter: 1 });
      }
      return out;
    },
    /** Upserts `n` demo products in calls of 5,000 and returns them. */
    async catalog(n: number, seed = 7): Promise<Product[]> {
      const inputs = demoCatalog(n, seed);
      const out: Product[] = [];
      for (let i = 0; i < inputs.length; i += 5000) {
        out.push(
          ...(await call<Product[]>(url, 'PUT', '/api/admin/products', ADMIN, inputs.slice(i, i + 5000))),
        );
      }
      return out;
    },
  };
}

/** A valid cash sale of `lines` products (one each) at catalog prices. */
export function benchSale(d: BenchDevice, products: readonly Product[]): SaleInput {
  const total = products.reduce((a, p) => a + p.price, 0);
  return {
    id: newId(),
    invoiceNumber: formatInvoiceNumber({
      branchCode: d.branchCode,
      deviceCode: d.code,
      date: '20261124',
      counter: d.counter++,
    }),
    createdAt: new Date().toISOString(),
    lines: products.map((p) => ({ productId: p.id, quantity: 1, unitPrice: p.price })),
    payments: [{ method: 'cash', amount: total }],
  };
}
