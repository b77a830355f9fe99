/**
 * Fault suite, clock skew (issue 6): devices whose clocks are hours ahead or behind sell, adjust and
 * count stock at once against the real server, and one device's clock is set back mid-run. Device
 * time is only recorded (S4): the server orders by its own feed positions and pull cursors are
 * those positions, so nothing may be skipped, misordered, refused or doubled because of a clock.
 */
import { parseInvoiceNumber, type Product } from '@kasir/protocol';
import { seededRandom, type LocalSale } from '@kasir/sync';
import { ENGINES, sleep, startInProcessServer, waitFor, type InProcessServer } from '@kasir/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faultOptions } from '../lib/fault-options.ts';
import { reportFigures } from '../lib/fault-report.ts';
import { checkExactlyOnce, countSkippedChanges, localSales, readServerTruth } from '../lib/invariant.ts';
import { addAcceptedStockMutations, ledgerAnomalies } from './accounting.ts';
import {
  bump,
  drainAll,
  openDevice,
  readLedger,
  uuidV7Time,
  waitConverged,
  type Device,
} from './history-kit.ts';

const HOUR = 3_600_000;
/** Clock offsets of the devices, in hours: behind, slightly behind, right, ahead, a day ahead. */
const OFFSETS_H = [-6, -1, 0, 3, 26] as const;
/** The device with the right clock has it set back this far halfway through. */
const JUMP_H = -2;
const JUMPER = OFFSETS_H.indexOf(0);
const START_STOCK = 500;

const opts = faultOptions();
// The short run does a few dozen operations per device; the long run scales with its duration.
const OPS_PER_DEVICE = Math.max(24, Math.round(opts.durationS * 3));

describe.each(ENGINES)('clock skew on %s', (engine) => {
  let real: InProcessServer;
  const devices: Device[] = [];

  beforeAll(async () => {
    real = await startInProcessServer(engine);
  });
  afterAll(async () => {
    for (const d of devices) await d.stop();
    await real.close();
  });

  it('devices hours ahead or behind lose, skip, double and misorder nothing', async () => {
    const rnd = seededRandom(opts.seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const branch = await real.admin.branch(engine === 'sqlite' ? 'SKEWS' : 'SKEWP');
    let products: Product[] = await real.admin.products(
      Array.from({ length: 4 }, (_, i) => ({
        sku: `SKEW-${engine}-${i}`,
        name: `Jam ${i}`,
        price: 5000 + i,
      })),
    );
    const base = new Map<string, number>();
    let adminReceipts = 0;
    for (const p of products) {
      await real.admin.stock(branch.id, p.id, START_STOCK);
      bump(base, p.id, START_STOCK);
      adminReceipts++;
    }

    // Each device's clock is real time plus its offset; the offset can change (the jump).
    const offsets = OFFSETS_H.map((h) => h * HOUR);
    for (const [i, h] of OFFSETS_H.entries()) {
      devices.push(
        await openDevice(real, branch.id, `Kasir ${h}h`, { clock: { now: () => Date.now() + offsets[i]! } }),
      );
    }
    const observer = await real.admin.device(branch.id, 'observer');
    await waitFor(
      () =>
        devices.every((d) => d.client.status.get().connection === 'online' && d.client.catalog.size === 4),
      { message: 'all devices online with the catalog' },
    );
    const ahead = devices[OFFSETS_H.indexOf(26)]!;
    const behind = devices[OFFSETS_H.indexOf(-6)]!;
    const watcher = devices[OFFSETS_H.indexOf(3)]!;

    // 1. The order probe: the day-ahead device sells first, a watcher pulls past it, then the
    // six-hours-behind device sells. By device time the second sale is 32 hours older than the
    // first: a server that ordered or filtered the feed by device time would hide it from the watcher.
    const sell = async (d: Device, p: Product, qty = 1): Promise<LocalSale> => {
      const r = await d.client.recordSale({
        lines: [{ productId: p.id, quantity: qty, unitPrice: d.client.catalog.get(p.id)?.price ?? p.price }],
        payments: [{ method: 'cash', amount: qty * (d.client.catalog.get(p.id)?.price ?? p.price) }],
      });
      if (!r.ok) throw new Error(`${d.name} could not sell: ${r.code} ${r.message}`);
      return r.value;
    };
    const first = await sell(ahead, products[0]!);
    await waitFor(async () => (await ahead.client.listSales()).every((s) => s.sync.kind === 'synced'), {
      message: 'ahead synced',
    });
    await waitFor(
      async () => {
        await watcher.client.syncNow();
        return (await watcher.client.listBranchSales()).some((s) => s.id === first.id);
      },
      { message: 'watcher has the day-ahead sale' },
    );
    const second = await sell(behind, products[0]!);
    await waitFor(
      async () => {
        await watcher.client.syncNow();
        return (await watcher.client.listBranchSales()).some((s) => s.id === second.id);
      },
      { message: 'watcher gets the sale made "32 hours earlier" after it pulled past the later one' },
    );
    expect(Date.parse(second.createdAt)).toBeLessThan(Date.parse(first.createdAt) - 30 * HOUR);
    expect(uuidV7Time(second.id)).toBeLessThan(uuidV7Time(first.id));
    const probeFeed = [...(await readServerTruth(real.url, observer.token)).sales.keys()];
    expect(probeFeed.indexOf(first.id)).toBeLessThan(probeFeed.indexOf(second.id)); // receipt order

    // 2. Everyone at once: sales, adjustments and counts, the back office editing prices and
    // receiving stock, and the right clock set back two hours halfway.
    let jumpedAt: number | null = null;
    let priceEdits = 0;
    const work = devices.map(async (d, i) => {
      for (let op = 0; op < OPS_PER_DEVICE; op++) {
        const half = Math.floor(OPS_PER_DEVICE / 2);
        // The jumper is offline across its jump, so ids from both sides of it queue up together.
        if (i === JUMPER && op === half - 4) d.proxy.setOnline(false);
        if (i === JUMPER && op === half) {
          jumpedAt = Date.now();
          offsets[i] = offsets[i]! + JUMP_H * HOUR;
        }
        if (i === JUMPER && op === half + 4) d.proxy.setOnline(true);
        const p = pick(products);
        const r = rnd();
        if (r < 0.7) {
          await sell(d, p, 1 + Math.floor(rnd() * 3));
        } else if (r < 0.85) {
          const res = await d.client.recordMutation({
            type: 'stock.adjust',
            payload: {
              productId: p.id,
              delta: rnd() < 0.5 ? 5 : -2,
              reason: rnd() < 0.5 ? 'receive' : 'damage',
            },
          });
          expect(res.ok).toBe(true);
        } else {
          // A count of what this device sees; stale against another device's sale it is a conflict (S8).
          const seen = d.client.catalog.get(p.id)?.onHand ?? 0;
          const res = await d.client.recordMutation({
            type: 'stock.count',
            payload: { productId: p.id, counted: Math.max(0, seen + Math.floor(rnd() * 5) - 2) },
          });
          expect(res.ok).toBe(true);
        }
        await sleep(Math.floor(rnd() * 30));
      }
    });
    const backOffice = (async () => {
      for (let k = 0; k < 4; k++) {
        await sleep(80);
        const p = pick(products);
        products = products.map((x) => (x.id === p.id ? { ...x, price: x.price + 100 } : x));
        await real.admin.products([{ sku: p.sku, name: p.name, price: p.price + 100 }]);
        priceEdits++;
        await real.admin.stock(branch.id, p.id, 10);
        bump(base, p.id, 10);
        adminReceipts++;
      }
    })();
    await Promise.all([...work, backOffice]);
    expect(jumpedAt).not.toBeNull();
    expect(devices[JUMPER]!.proxy.cut()).toBeGreaterThan(0);

    // 3. Drain; stale counts came back as conflicts: take the server's side so the history ends.
    await drainAll(devices);
    let conflictsResolved = 0;
    for (const d of devices) {
      for (const c of await d.client.listConflicts()) {
        const r = await d.client.resolveConflict(c.id, 'server');
        expect(r.ok).toBe(true);
        conflictsResolved++;
      }
    }
    await drainAll(devices);

    // 4. The checks.
    const truth = await readServerTruth(real.url, observer.token);
    const ledger = await readLedger(real, branch.id);
    const tally = addAcceptedStockMutations(base, devices, ledger);
    const perDevice = await Promise.all(devices.map((d) => localSales(d.client)));
    const recorded = perDevice.flat();
    const report = checkExactlyOnce({ truth, recorded, baseStock: base });
    expect(report.lost).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.stockMismatches).toEqual([]);
    expect(tally.unanswered).toBe(0);
    expect(ledgerAnomalies({ ledger, sales: recorded, devices, adminMovements: adminReceipts })).toEqual([]);

    // Every device receives every change, whatever its clock says.
    let skipped = 0;
    for (const d of devices) {
      await waitConverged(d, truth);
      skipped += countSkippedChanges(truth, d.client);
      expect(d.client.status.get()).toMatchObject({ pending: 0, failed: 0, conflicts: 0 });
    }
    expect(skipped).toBe(0);

    // Skewed UUIDv7 ids and times were accepted as they are, and the skew really was there:
    // device time minus server receipt time is the device's offset (before or after the jump).
    const seenOffsets = new Map<number, number>();
    for (const [i, sales] of perDevice.entries()) {
      const allowed = i === JUMPER ? [0, JUMP_H] : [OFFSETS_H[i]!];
      for (const s of sales) {
        expect(s.sync.kind).toBe('synced');
        const summary = truth.sales.get(s.id)!;
        expect(summary.createdAt).toBe(s.createdAt);
        expect(Math.abs(uuidV7Time(s.id) - Date.parse(s.createdAt))).toBeLessThan(50);
        const skewH = (Date.parse(summary.createdAt) - Date.parse(summary.receivedAt)) / HOUR;
        const h = allowed.find((a) => Math.abs(a - skewH) < 0.05);
        expect(h, `${devices[i]!.name} sale ${s.id} skew ${skewH} h`).toBeDefined();
        seenOffsets.set(h!, (seenOffsets.get(h!) ?? 0) + 1);
        expect(summary.flags).not.toContain('duplicate_invoice_number');
        expect(summary.flags).not.toContain('invoice_number_mismatch');
      }
    }
    for (const h of [...OFFSETS_H, JUMP_H])
      expect(seenOffsets.get(h) ?? 0, `sales at ${h} h`).toBeGreaterThan(0);

    // The jump: ids after it are older than ids before it, yet the server kept the device's own
    // order (receipt counters increase along the feed) and the device stayed leader.
    const feedOrder = [...truth.sales.values()];
    for (const d of devices) {
      const counters = feedOrder
        .filter((s) => s.deviceId === d.deviceId)
        .map((s) => parseInvoiceNumber(s.invoiceNumber)?.counter ?? -1);
      expect(counters, `${d.name} sales in feed order`).toEqual([...counters].sort((a, b) => a - b));
    }
    const jumperSales = [...perDevice[JUMPER]!].sort(
      (a, b) => parseInvoiceNumber(a.invoiceNumber)!.counter - parseInvoiceNumber(b.invoiceNumber)!.counter,
    );
    const wentBack = jumperSales.some(
      (s, k) => k > 0 && uuidV7Time(s.id) < uuidV7Time(jumperSales[k - 1]!.id),
    );
    expect(wentBack).toBe(true);
    // The cashier's own sale list is in the order the sales were made too, newest first.
    const listed = (await devices[JUMPER]!.client.listSales()).map(
      (s) => parseInvoiceNumber(s.invoiceNumber)!.counter,
    );
    expect(listed).toEqual([...listed].sort((x, y) => y - x));
    expect(devices[JUMPER]!.client.isLeader()).toBe(true);

    reportFigures({
      scenario: 'clock skew',
      engine,
      seed: opts.seed,
      durationS: opts.durationS,
      devices: devices.length,
      salesMade: recorded.length,
      salesLost: report.lost.length,
      salesDuplicated: report.stockMismatches.length,
      skippedChanges: skipped,
      crossBranchLeaks: 0,
      faults: {
        'devices with skewed clocks': OFFSETS_H.filter((h) => h !== 0).length,
        'clock set back mid-run': 1,
        disconnect: 1,
      },
      extra: {
        'max clock offset h': Math.max(...OFFSETS_H.map(Math.abs)),
        'clock offsets h': OFFSETS_H.join(' '),
        'sales per offset h': [...seenOffsets].map(([h, n]) => `${h}:${n}`).join(' '),
        'stock adjustments accepted': tally.adjustsAccepted,
        'stock counts accepted': tally.countsAccepted,
        'stock count conflicts (resolved "server")': conflictsResolved,
        'admin price edits': priceEdits,
      },
    });
  });
});
