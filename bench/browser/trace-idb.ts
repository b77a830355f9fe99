import { freshDevice, startShop, untilDiskQuiet } from './shop.ts';
import { HELPERS, STAMP_SALES } from './page-script.ts';
import { reloadWithHistory } from './seed-history.ts';
import { TAP_GAP_MS } from './bench-selling.ts';

/**
 * `npx tsx bench/browser/trace-idb.ts [--history=45000] [--sales=60]` (build the till first):
 * every IndexedDB request and transaction the till makes while B6 completes sales back to back,
 * after seeding a history. Prints the requests per store over the run, then the six slowest sales
 * with each request from 60 ms before the tap to the receipt: when it was made and how long until
 * its result (`+ms`). For finding what a sale's commit waits behind (a read-only transaction on the
 * journal holds it back until it ends), not for figures: the wrappers slow the page.
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const history = Number(arg('history') ?? 45_000);
const count = Number(arg('sales') ?? 60);

/** Wraps IndexedDB's request methods and `transaction` in the page, noting each in `window.__idb`. */
const TRACE = `(() => {
  window.__idb = [];
  const wrap = (proto, kind, names) => {
    for (const n of names) {
      const orig = proto[n];
      if (typeof orig !== 'function') continue;
      proto[n] = function (...args) {
        const t = performance.now();
        const req = orig.apply(this, args);
        const store = kind === 'index' ? this.objectStore.name + '.' + this.name : this.name;
        const rec = { t, store, op: n, mode: this.transaction ? this.transaction.mode : '', done: 0 };
        window.__idb.push(rec);
        if (req && typeof req.addEventListener === 'function') {
          req.addEventListener('success', () => { rec.done = performance.now(); });
        }
        return req;
      };
    }
  };
  const names = ['get','getAll','getAllKeys','getKey','count','openCursor','openKeyCursor','put','add','delete','clear'];
  wrap(IDBObjectStore.prototype, 'store', names);
  wrap(IDBIndex.prototype, 'index', names);
  const tx = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode, opts) {
    const t = performance.now();
    const x = tx.call(this, stores, mode, opts);
    const rec = { t, store: [].concat(stores).join(','), op: 'TX', mode: mode + (opts && opts.durability ? ':' + opts.durability : ''), done: 0 };
    window.__idb.push(rec);
    x.addEventListener('complete', () => { rec.done = performance.now(); });
    return x;
  };
})()`;

async function main(): Promise<void> {
  const shop = await startShop(20_000);
  const d = await freshDevice(shop, 20_000);
  try {
    await d.page.waitForFunction('window.__kasirBench.client.status.get().pending === 0', undefined, {
      timeout: 120_000,
    });
    await d.page.evaluate(HELPERS);
    // The history is copies of a sale made here (seed-history.ts).
    await d.page.evaluate(`window.__b.sales(5, 3, false, ${TAP_GAP_MS})`);
    await reloadWithHistory(d.page, history);
    console.log(`disk quiet after ${await untilDiskQuiet(d.profile)} ms`);
    await d.page.evaluate(STAMP_SALES);
    await d.page.evaluate(TRACE);
    const r = await d.page.evaluate<{ complete: number[]; commit: number[] }>(
      `window.__b.sales(${count}, 3, false, ${TAP_GAP_MS})`,
    );
    const stamps = await d.page.evaluate<[number, number][]>(
      'window.__ts.map(([a,b]) => [a - performance.timeOrigin, b - performance.timeOrigin])',
    );
    const ops =
      await d.page.evaluate<{ t: number; store: string; op: string; mode: string; done: number }[]>(
        'window.__idb',
      );
    const counts = new Map<string, number>();
    for (const o of ops)
      counts.set(`${o.op} ${o.store} ${o.mode}`, (counts.get(`${o.op} ${o.store} ${o.mode}`) ?? 0) + 1);
    console.log(`requests over ${count} sales:`);
    for (const [k, v] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${v}\t${k}`);
    const slow = r.complete
      .map((ms, i) => ({ ms, i }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 6);
    for (const { ms, i } of slow) {
      const [s0, s1] = stamps[i] ?? [0, 0];
      console.log(`sale ${i}: complete ${ms.toFixed(1)} tx ${r.commit[i]?.toFixed(1)}`);
      for (const o of ops.filter((o) => o.t >= s0 - 60 && o.t <= s1))
        console.log(
          `   ${(o.t - s0).toFixed(1)}\t+${o.done ? (o.done - o.t).toFixed(1) : '?'}\t${o.op} ${o.store} ${o.mode}`,
        );
    }
    console.log('complete', r.complete.map((x) => x.toFixed(1)).join(' '));
  } finally {
    await d.close();
    await shop.real.close();
  }
}
main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
