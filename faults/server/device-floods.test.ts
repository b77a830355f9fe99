import {
  formatInvoiceNumber,
  newId,
  type DeviceCreated,
  type Product,
  type SaleInput,
} from '@kasir/protocol';
import { ENGINES, startChildProcessServer, type ChildProcessServer } from '@kasir/test-kit';
import { Agent, request as httpRequest } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultOptions } from '../lib/fault-options.ts';
import { reportAbuse, type Latency } from '../lib/fault-report.ts';
import { faultProducts } from './server-devices.ts';

/**
 * Per-device floods (issue 17): one device token of branch A opens thousands of realtime sockets,
 * calls `GET /api/sync/state` eight at a time, and pushes four large batches at once, while a till
 * of branch B sells. Every flood must be answered (accepted, replaced, or 429 `rate_limited`),
 * never crash the server, and leave B's sales fast; B's sale latency during each flood goes to the
 * long run's report (docs/reliability.md). The short run uses a smaller catalog and flood.
 */
const opts = faultOptions();
const long = opts.durationS >= 30;
const PRODUCTS = long ? 20_000 : 2_000;
const SOCKETS = long ? 2_000 : 200;
const SALES = long ? 200 : 30;

function latencyOf(ms: number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!);
  return { p50: at(0.5), p95: at(0.95), max: Math.round(s[s.length - 1]!) };
}

/**
 * Branch B is another shop: its till reaches the server from another address than the flood. On
 * loopback that is 127.0.0.2; without it the flood's own connections would count against B under
 * the per-address connection cap (KASIR_MAX_CONNECTIONS_PER_ADDRESS), which is not what this
 * scenario measures (transport-abuse.contract.ts does).
 */
const BRANCH_B_ADDRESS = '127.0.0.2';

/** A request over `agent` (bound to a local address); resolves with the status once the body is read. */
function requestVia(
  agent: Agent,
  url: string,
  token: string,
  method: string,
  body: unknown,
): Promise<number> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const tally = (answers: Record<string, number>, key: string | number) =>
  (answers[String(key)] = (answers[String(key)] ?? 0) + 1);

/**
 * Runs `flood` until B has made `SALES` sales one after another, and gives B's latency: the
 * helper both the short and the long run use.
 */
export async function saleLatencyDuring(
  flood: (running: () => boolean) => Promise<void>,
  sell: () => Promise<void>,
  sales = SALES,
): Promise<Latency> {
  let on = true;
  const flooding = flood(() => on);
  // Let the flood get going before measuring.
  await new Promise((r) => setTimeout(r, 200));
  const ms: number[] = [];
  try {
    for (let i = 0; i < sales; i++) {
      const started = performance.now();
      await sell();
      ms.push(performance.now() - started);
    }
  } finally {
    on = false;
    await flooding;
  }
  return latencyOf(ms);
}

describe.each(ENGINES)('device floods [%s]', (engine) => {
  let server: ChildProcessServer;
  let flooder: DeviceCreated;
  let seller: DeviceCreated & { branchCode: string };
  let products: Product[];
  let counter = 1;

  const request = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const saleOf = (branchCode: string, deviceCode: string, lines: number): SaleInput => {
    const picked = products.slice(
      (counter * 7) % (products.length - lines),
      ((counter * 7) % (products.length - lines)) + lines,
    );
    const total = picked.reduce((a, p) => a + p.price, 0);
    return {
      id: newId(),
      invoiceNumber: formatInvoiceNumber({ branchCode, deviceCode, date: '20261124', counter: counter++ }),
      createdAt: new Date().toISOString(),
      lines: picked.map((p) => ({ productId: p.id, quantity: 1, unitPrice: p.price })),
      payments: [{ method: 'cash', amount: total }],
    };
  };
  const branchB = new Agent({ keepAlive: true, localAddress: BRANCH_B_ADDRESS });
  const sellInB = async () => {
    const status = await requestVia(
      branchB,
      `${server.url}/api/sales`,
      seller.token,
      'POST',
      saleOf(seller.branchCode, seller.code, 2),
    );
    expect(status).toBe(201);
  };

  beforeAll(async () => {
    server = await startChildProcessServer(engine);
    const { admin } = server;
    const a = await admin.branch('FLA');
    const b = await admin.branch('FLB');
    products = await admin.products(faultProducts(PRODUCTS, 'FL'));
    flooder = await admin.device(a.id, 'Kasir banjir');
    seller = { ...(await admin.device(b.id, 'Kasir B')), branchCode: b.code };
  }, 300_000);
  afterAll(async () => {
    branchB.destroy();
    await server?.close();
  });

  it('baseline: a till of branch B sells with nobody flooding', async () => {
    const latency = await saleLatencyDuring(() => Promise.resolve(), sellInB);
    reportAbuse({
      engine,
      inputClass: 'sale latency, no flood (branch B)',
      tried: SALES,
      answers: { '201': SALES },
      saleLatencyMs: latency,
    });
  });

  it(`socket floods per device: ${SOCKETS} sockets with one token; the newest win, the rest are refused or replaced`, async () => {
    const answers: Record<string, number> = {};
    const sockets: Socket[] = [];
    let latency: Latency;
    let open: number;
    try {
      latency = await saleLatencyDuring(async () => {
        await Promise.all(
          Array.from({ length: SOCKETS }, async () => {
            const s = io(server.url, {
              auth: { token: flooder.token, protocolVersion: 1 },
              transports: ['websocket'],
              reconnection: false,
            });
            sockets.push(s);
            tally(
              answers,
              await new Promise<string>((resolve) => {
                s.on('connect', () => resolve('connected'));
                s.on('connect_error', (e) =>
                  resolve(
                    `refused ${(e as { data?: { error?: { code?: string } } }).data?.error?.code ?? e.message}`,
                  ),
                );
                setTimeout(() => resolve('no answer in 10 s'), 10_000);
              }),
            );
          }),
        );
      }, sellInB);
      await new Promise((r) => setTimeout(r, 500));
      open = sockets.filter((s) => s.connected).length;
    } finally {
      // Also when B's sales fail: sockets left open would count against the next scenario's
      // connections from this address.
      for (const s of sockets) s.close();
    }
    answers['still open at the end'] = open;
    expect(open).toBeLessThanOrEqual(4);
    expect(answers['no answer in 10 s'] ?? 0).toBe(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    reportAbuse({
      engine,
      inputClass: 'socket floods per device',
      tried: SOCKETS,
      answers,
      saleLatencyMs: latency,
    });
  }, 300_000);

  /** `n` loops sending `call` with A's token until B is done; every answer 200 or 429. */
  const floodWith = async (inputClass: string, n: number, call: () => Promise<Response>, pauseMs: number) => {
    const answers: Record<string, number> = {};
    let tried = 0;
    const latency = await saleLatencyDuring(async (running) => {
      await Promise.all(
        Array.from({ length: n }, async () => {
          while (running()) {
            const r = await call();
            await r.arrayBuffer();
            tried++;
            tally(answers, r.status);
            if (r.status === 429) await new Promise((res) => setTimeout(res, pauseMs));
          }
        }),
      );
    }, sellInB);
    expect(Object.keys(answers).every((s) => s === '200' || s === '429')).toBe(true);
    reportAbuse({ engine, inputClass, tried, answers, saleLatencyMs: latency });
    return latency;
  };

  it('eight parallel GET /api/sync/state with one token: answered 200 or 429, branch B keeps selling', async () => {
    const latency = await floodWith(
      'parallel sync/state with one token',
      8,
      () => request(flooder.token, 'GET', '/api/sync/state'),
      5,
    );
    expect(latency.p50).toBeLessThan(1_000);
  }, 300_000);

  it('four parallel large pushes with one token: one at a time, the others 429; branch B keeps selling', async () => {
    await floodWith(
      'parallel large pushes with one token',
      4,
      () => {
        const mutations = Array.from({ length: 200 }, () => {
          const s = saleOf('FLA', flooder.code, 20);
          return { id: s.id, type: 'sale.create', payload: s };
        });
        return request(flooder.token, 'POST', '/api/sync/push', { mutations });
      },
      50,
    );
  }, 300_000);
});
