import { newId, type Product } from '@kasir/protocol';
import { startTestServer } from '@kasir/server/testing';
import { describe } from 'vitest';
import { systemTimers } from '../deps/clock.ts';
import { createHttpSyncApi } from '../transport/http-sync-api.ts';
import { backendContract, type BackendFactory } from './backend.contract.ts';
import { createFakeServer } from './fake-server.ts';

/** The fake backend of the engine's unit tests, behind its fake fetch. */
const fake: BackendFactory = () => {
  const server = createFakeServer({ now: () => Date.now() });
  const branchId = server.backend.addBranch('B1');
  const device = server.backend.addDevice(branchId, '01');
  const api = createHttpSyncApi({
    serverUrl: 'http://fake',
    token: device.token,
    fetch: server.fetch,
    timers: systemTimers(),
  });
  return Promise.resolve({
    api,
    branch: { id: branchId, code: 'B1' },
    device: { id: device.id, code: device.code },
    products: (inputs) =>
      Promise.resolve(
        inputs.map((i): Product => {
          const old = [...server.backend.products.values()].find((p) => p.sku === i.sku);
          return server.backend.putProduct({
            id: old?.id ?? newId(),
            sku: i.sku,
            name: i.name,
            price: i.price,
            barcodes: [...(i.barcodes ?? []), ...(i.barcode === undefined ? [] : [i.barcode])],
            category: i.category ?? null,
            taxRate: i.taxRate ?? old?.taxRate ?? 11,
            active: i.active ?? true,
          });
        }),
      ),
    receive: (productId, delta) => Promise.resolve(void server.backend.moveStock(branchId, productId, delta)),
    close: () => Promise.resolve(),
  });
};

/** The real server in-process on SQLite (apps/server's test starter). */
const real: BackendFactory = async () => {
  const t = await startTestServer('sqlite');
  const branch = await t.branch('B1');
  const device = await t.device(branch);
  return {
    api: createHttpSyncApi({ serverUrl: t.url, token: device.token, fetch, timers: systemTimers() }),
    branch: { id: branch.id, code: branch.code },
    device: { id: device.id, code: device.code },
    products: (inputs) => t.products([...inputs]),
    async receive(productId, delta) {
      const r = await t.admin('POST', '/api/admin/stock', {
        branchId: branch.id,
        productId,
        delta,
        reason: 'receive',
      });
      if (r.status !== 200 && r.status !== 201)
        throw new Error(`stock: ${r.status} ${JSON.stringify(r.body)}`);
    },
    close: () => t.close(),
  };
};

describe.each([
  ['the real server on SQLite', real],
  ['the fake backend', fake],
])('backend contract: %s', (_name, start) => backendContract(start));
