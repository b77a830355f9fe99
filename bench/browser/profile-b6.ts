import { execSync } from 'node:child_process';
import { resolve } from 'node:path';
import { freshDevice, readyAt, startShop } from './shop.ts';
import { HELPERS } from './page-script.ts';

/**
 * `npx tsx bench/browser/profile-b6.ts [--products=20000] [--sales=20] [--paced] [--no-build]`:
 * where B6's complete-a-sale spends its milliseconds. Builds the till unminified (readable function
 * names), then for each sale records a CPU profile (Chrome DevTools protocol) around the tap on
 * "complete", and sums the samples between the tap and the receipt in the DOM: self time per
 * function and time per function on the stack. For finding work to cut, not for figures: the
 * profiler itself slows the page.
 */
const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const products = Number(arg('products') ?? 20_000);
const count = Number(arg('sales') ?? 20);
const paced = process.argv.includes('--paced');
/** Each profiled sale is the first after a reload (the "right after the prefetch" round's first sale). */
const afterReload = process.argv.includes('--after-reload');

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Prepares the next sale (lines, pay, exact cash) and waits until "complete" was painted. */
const PREPARE = (s: number, settle: boolean) => `(async () => {
  const $ = (sel) => document.querySelector(sel);
  const until = async (pred) => { const t0 = performance.now(); while (!pred()) { if (performance.now() - t0 > 10000) throw new Error('timeout'); await new Promise((r) => setTimeout(r, 2)); } };
  const tiles = document.querySelectorAll('[data-testid=product-tile]');
  for (let l = 0; l < 3; l++) { tiles[(${s} * 3 + l) % tiles.length].click(); await new Promise((r) => setTimeout(r, 0)); }
  if (${settle}) {
    while (window.__kasirBench.client.status.get().pending > 0) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 300));
  }
  $('[data-testid=pay]').click();
  await until(() => $('[data-testid=quick-cash]'));
  $('[data-testid=quick-cash]').click();
  await until(() => !$('[data-testid=complete]').disabled);
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
})()`;

/**
 * Taps complete and resolves with [t0, t1] (performance.now) of the tap and the receipt. A marker
 * function busy for 0.3 ms right before the tap ties the profile's clock to performance.now().
 */
const COMPLETE = `(async () => {
  const t0 = performance.now();
  (function __b6mark() { const e = performance.now() + 1; while (performance.now() < e); })();
  const t1 = performance.now();
  document.querySelector('[data-testid=complete]').click();
  const t2 = await new Promise((resolve) => {
    const check = () => document.querySelector('[data-testid=receipt-screen]');
    const mo = new MutationObserver(() => { if (check()) { mo.disconnect(); resolve(performance.now()); } });
    mo.observe(document.body, { subtree: true, childList: true });
  });
  return [t0, t1, t2];
})()`;

const NEW_SALE = `(async () => {
  document.querySelector('[data-testid=new-sale]').click();
  while (!document.querySelector('[data-testid=product-tile]')) await new Promise((r) => setTimeout(r, 2));
})()`;

const self = new Map<string, number>();
const total = new Map<string, number>();
const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
const keyOf = (f: CallFrame) =>
  `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;

/** Functions the timeline names a segment by (outermost first); others are "(other js)". */
const INTERESTING = new Set(
  (
    process.env['B6_MARKS'] ??
    'recordSale,prepareSale,commitSale,afterLocalWrite,publishLocal,processRootScheduleInMicrotask,performWorkOnRootViaSchedulerTask,flushPassiveEffects,commitRoot,renderRootSync,complete,approveSale,ProductPanel,ReceiptScreen,SellScreen,PosShell,buildReceipt,postMessage,(idle),(program),(garbage collector)'
  ).split(','),
);
const timelines: string[][] = [];

/**
 * Adds the samples of `p` that fall in [from, to) (performance.now ms, via the marker) to the sums,
 * and the sale's timeline of segments to `timelines`. Returns the milliseconds sampled.
 */
function collect(p: Profile, markAt: number, from: number, to: number): number {
  const timeline: string[] = [];
  // Widened by hand: the checker does not see `flush` and the loop assign it.
  let segment = null as { sig: string; at: number; ms: number } | null;
  const flush = () => {
    if (segment)
      timeline.push(`${segment.at.toFixed(1).padStart(6)} +${segment.ms.toFixed(2)}  ${segment.sig}`);
  };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample timestamps in microseconds of the profiler's clock.
  const times: number[] = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) times.push((t += d));
  const markIdx = p.samples.findIndex((id) => byId.get(id)?.callFrame.functionName === '__b6mark');
  if (markIdx < 0) {
    timelines.push(['(no marker sample)']);
    return 0;
  }
  const offset = times[markIdx]! / 1000 - markAt;
  let ms = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const at = times[i]! / 1000 - offset;
    if (at < from || at >= to) continue;
    const dt = ((times[i + 1] ?? times[i]!) - times[i]!) / 1000;
    ms += dt;
    const sample = p.samples[i];
    if (sample === undefined) continue;
    add(self, keyOf(byId.get(sample)!.callFrame), dt);
    let id: number | undefined = sample;
    const seen = new Set<string>();
    const path: string[] = [];
    while (id !== undefined) {
      const f = byId.get(id)!.callFrame;
      const k = keyOf(f);
      if (!seen.has(k)) add(total, k, dt);
      seen.add(k);
      if (INTERESTING.has(f.functionName)) path.unshift(f.functionName);
      id = parent.get(id);
    }
    const sig = path.join(' > ') || '(other js)';
    if (segment?.sig === sig) segment.ms += dt;
    else {
      flush();
      segment = { sig, at: at - from, ms: dt };
    }
  }
  flush();
  timelines.push(timeline);
  return ms;
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build'))
    execSync('npx vite build --minify false', {
      cwd: resolve(import.meta.dirname, '../../apps/pos'),
      stdio: 'ignore',
    });
  const shop = await startShop(products);
  const d = await freshDevice(shop, products);
  try {
    await d.page.evaluate(HELPERS);
    await d.page.evaluate('window.__b.sales(3, 3)');
    const cdp = await d.page.context().newCDPSession(d.page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    const windows: number[] = [];
    let sampled = 0;
    for (let s = 0; s < count; s++) {
      if (afterReload) {
        await d.page.reload({ waitUntil: 'commit' });
        await readyAt(d.page);
        await new Promise((r) => setTimeout(r, 5_000));
      }
      await d.page.evaluate(PREPARE(s, paced));
      await cdp.send('Profiler.start');
      const [t0, t1, t2] = await d.page.evaluate<[number, number, number]>(COMPLETE);
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
      windows.push(t2 - t1);
      sampled += collect(profile, t0, t1, t2);
      await d.page.evaluate(NEW_SALE);
    }
    const top = (m: Map<string, number>, n: number) =>
      [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, v]) => `${(v / count).toFixed(2).padStart(7)} ms  ${k}`)
        .join('\n');
    windows.sort((a, b) => a - b);
    console.log(
      `complete (profiled): median ${windows[Math.floor(count / 2)]!.toFixed(1)} ms, sampled ${(sampled / count).toFixed(1)} ms per sale`,
    );
    console.log(`\nself time per sale:\n${top(self, 45)}`);
    console.log(`\non the stack per sale:\n${top(total, 70)}`);
    for (const i of afterReload ? [0, 1, 2] : [count - 1, Math.floor(count / 2)]) {
      console.log(`\ntimeline of one sale (segments >= 0.1 ms):`);
      console.log(
        timelines[i]!.filter((l) => !l.includes('+') || Number(l.split('+')[1]!.split(' ')[0]) >= 0.1).join(
          '\n',
        ),
      );
    }
  } finally {
    await d.close();
    await shop.real.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
