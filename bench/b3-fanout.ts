import type { NewSaleEvent } from '@kasir/protocol';
import type { Engine } from '@kasir/test-kit';
import { io, type Socket } from 'socket.io-client';
import { benchSale, postSale, withBenchShop } from './lib/bench-shop.ts';
import { nowMs, summarize, type Summary } from './lib/stats.ts';

export interface FanoutResult {
  readonly engine: Engine;
  readonly devices: number;
  /** From the start of device A's upload until the last of N devices has the sale, ms. */
  readonly allHaveIt: Summary;
  readonly serverRssMb: number;
}

/**
 * B3 (and B7 server memory): N devices of a branch connected over Socket.IO; device A sells every
 * 100 ms; time from A's upload start until every one of the N devices received the sale. The first
 * `warmup` sales are not timed: each configuration starts a new server, whose first requests pay
 * for compiling its code paths and (PostgreSQL) its pool's first statements, as a shop's server
 * running for days does not.
 */
export async function benchFanout(
  engine: Engine,
  n: number,
  sales: number,
  warmup = 5,
): Promise<FanoutResult> {
  return withBenchShop(
    engine,
    { code: 'B3', devices: n + 1, products: 50 },
    async ({ server, devices: [seller, ...watchers], products }) => {
      const sockets: Socket[] = [];
      try {
        const arrivals = new Map<string, number[]>();
        for (let i = 0; i < watchers.length; i += 50) {
          await Promise.all(
            watchers.slice(i, i + 50).map(
              (w) =>
                new Promise<void>((resolve, reject) => {
                  const s = io(server.url, {
                    auth: { token: w.token, protocolVersion: 1 },
                    transports: ['websocket'],
                  });
                  sockets.push(s);
                  s.on('new_sale', (e: NewSaleEvent) => arrivals.get(e.sale.id)?.push(nowMs()));
                  s.once('connect', () => resolve());
                  s.once('connect_error', reject);
                }),
            ),
          );
        }
        const times: number[] = [];
        for (let i = -warmup; i < sales; i++) {
          const sale = benchSale(seller!, [products[(i + warmup) % products.length]!]);
          arrivals.set(sale.id, []);
          const t0 = nowMs();
          await postSale(server.url, seller!, sale);
          const deadline = nowMs() + 10_000;
          while (arrivals.get(sale.id)!.length < n && nowMs() < deadline)
            await new Promise((r) => setTimeout(r, 1));
          const got = arrivals.get(sale.id)!;
          if (got.length < n) throw new Error(`only ${got.length} of ${n} devices got the sale`);
          if (i >= 0) times.push(Math.max(...got) - t0);
          await new Promise((r) => setTimeout(r, 100));
        }
        return { engine, devices: n, allHaveIt: summarize(times), serverRssMb: server.rssMb() };
      } finally {
        sockets.forEach((s) => s.close());
      }
    },
  );
}
