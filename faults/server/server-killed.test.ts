import { seededRandom, type FullSyncProgress } from '@kasir/sync';
import { createAdminClient } from '@kasir/sync/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { faultOptions } from '../lib/fault-options.ts';
import { reportFigures } from '../lib/fault-report.ts';
import { checkExactlyOnce, countSkippedChanges, localSales, readServerTruth } from '../lib/invariant.ts';
import {
  FAULT_ADMIN_TOKEN,
  launchFaultServer,
  type FaultEngine,
  type FaultServer,
} from '../lib/server-process.ts';
import {
  drainAll,
  faultProducts,
  startFaultDevice,
  startServerBranch,
  waitFor,
  type FaultDevice,
} from './server-devices.ts';

/**
 * Server killed (issue 6): `kill -9` of the real server process while devices push batches of
 * queued sales, and while a fresh device downloads a large catalog; the server restarts on the same
 * data and port. Nothing a device recorded may be lost or doubled, and the catalog must converge.
 */
const opts = faultOptions();
const engines: FaultEngine[] = ['sqlite', 'postgres'];

describe.each(engines)('server killed [%s]', (engine) => {
  let server: FaultServer | undefined;
  let devices: FaultDevice[] = [];
  afterEach(async () => {
    for (const d of devices) await d.stop();
    devices = [];
    await server?.dispose();
    server = undefined;
  });

  it('kill -9 during batch uploads: every queued sale reaches the server exactly once', async () => {
    const random = seededRandom(opts.seed * 101 + (engine === 'sqlite' ? 1 : 2));
    // Rounds of (kill, queue offline, restart, kill mid-upload) go on for the duration, at least 2.
    const long = opts.durationS >= 60;
    const deviceCount = long ? 6 : 3;
    const queuedPerRound = long ? 200 : 80;
    const srv = await launchFaultServer(engine);
    server = srv;
    const ready = await startServerBranch({
      serverUrl: srv.url,
      adminToken: FAULT_ADMIN_TOKEN,
      code: 'KL',
      productCount: 40,
      deviceCount,
      namePrefix: `killed-${engine}`,
      seed: opts.seed,
      // Small batches: a device's queue takes several requests, so kills land between them.
      device: { pushBatchSize: 25 },
    });
    const { products, token, baseStock } = ready;
    devices = ready.devices;

    let kills = 0;
    let killsMidUpload = 0;
    let acknowledgedBeforeKill = 0;
    const started = Date.now();
    let rounds = 0;
    for (; rounds < 2 || Date.now() - started < opts.durationS * 1000; rounds++) {
      // Server down: the tills keep selling; their queues grow.
      await srv.kill9();
      kills++;
      for (const d of devices)
        for (let i = 0; i < queuedPerRound; i++) expect(await d.sell(products, random)).toBe(true);
      let synced = 0;
      const offs = devices.map((d) => d.client.on('salesSynced', (n) => (synced += n)));
      await srv.start();
      // The devices reconnect and push (their backoff is skipped, as a realtime reconnect would).
      for (const d of devices) void d.client.syncNow();
      // Kill once uploads are under way, after a seeded random extra delay, while more sales are made.
      await waitFor('the first acknowledged batch', () => synced > 0);
      const delay = random() * 150;
      const until = Date.now() + delay;
      while (Date.now() < until) await devices[Math.floor(random() * devices.length)]!.sell(products, random);
      const pendingAtKill = devices.reduce((a, d) => a + d.client.status.get().pending, 0);
      await srv.kill9();
      kills++;
      if (pendingAtKill > 0 && synced > 0) killsMidUpload++;
      acknowledgedBeforeKill += synced;
      for (const off of offs) off();
    }
    await srv.start();
    await drainAll(devices);

    const truth = await readServerTruth(srv.url, token);
    const recorded = (await Promise.all(devices.map((d) => localSales(d.client)))).flat();
    const report = checkExactlyOnce({ truth, recorded, baseStock });
    const skipped = devices.reduce((a, d) => a + countSkippedChanges(truth, d.client), 0);
    reportFigures({
      scenario: 'server killed (batch uploads)',
      engine,
      seed: opts.seed,
      durationS: opts.durationS,
      devices: deviceCount,
      salesMade: report.made,
      salesLost: report.lost.length,
      salesDuplicated: report.unexpected.length + report.stockMismatches.length,
      skippedChanges: skipped,
      crossBranchLeaks: 0,
      faults: { 'kill -9': kills },
      extra: {
        'kills with uploads in flight': killsMidUpload,
        'sales acknowledged before a kill': acknowledgedBeforeKill,
      },
    });
    // The faults really happened: a kill with part of the queue acknowledged and part not, each round.
    expect(kills).toBe(2 * rounds);
    expect(killsMidUpload).toBeGreaterThanOrEqual(1);
    expect(report.made).toBeGreaterThanOrEqual(rounds * deviceCount * queuedPerRound);
    expect(report.lost).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.stockMismatches).toEqual([]);
    expect(skipped).toBe(0);
  });

  it('kill -9 during a full sync of a large catalog: the device resumes and its catalog equals the server’s', async () => {
    const random = seededRandom(opts.seed * 211 + (engine === 'sqlite' ? 1 : 2));
    const srv = await launchFaultServer(engine);
    server = srv;
    const admin = createAdminClient(srv.url, FAULT_ADMIN_TOKEN);
    const branch = await admin.branch('FS');
    // 2,500 products in the short CI run (time), 5,000 in the long one.
    const catalogSize = opts.durationS >= 60 ? 5_000 : 2_500;
    const products = await admin.products(faultProducts(catalogSize));
    // Some stock rows too, so the snapshot holds both kinds of items.
    for (const p of products.slice(0, 30)) await admin.stock(branch.id, p.id, 10 + Math.floor(random() * 20));
    const { token } = await admin.device(branch.id, 'Kasir baru');

    // Kill at two seeded points of the download: the second after the first resume.
    const killAt = [0.15 + random() * 0.25, 0.55 + random() * 0.25];
    let progress: FullSyncProgress | undefined;
    let kills = 0;
    const resumedFrom: number[] = [];
    let killing: Promise<void> | undefined;
    let awaitingResume = false;
    const device = await startFaultDevice({
      name: `fullsync-${engine}`,
      token,
      serverUrl: srv.url,
      random: seededRandom(opts.seed),
      // Pages of 125 (short run) or 250: ~20 pages, so the kills land in the middle of the download.
      pageSize: catalogSize / 20,
    });
    devices = [device];
    device.client.status.subscribe((s) => {
      if (s.fullSync === undefined) return;
      progress = s.fullSync;
      if (awaitingResume) {
        awaitingResume = false;
        resumedFrom.push(s.fullSync.done);
      }
      const target = killAt[kills];
      if (killing === undefined && target !== undefined && s.fullSync.done >= target * s.fullSync.total) {
        kills++;
        killing = srv.kill9();
      }
    });
    for (let k = 0; k < killAt.length; k++) {
      await waitFor(`kill ${k + 1} during the full sync`, () => killing !== undefined);
      await killing;
      killing = undefined;
      expect(progress?.done).toBeLessThan(progress?.total ?? 0);
      awaitingResume = true;
      await srv.start();
      void device.client.syncNow();
    }
    await waitFor(
      'the full sync to finish',
      () =>
        device.client.status.get().fullSync === undefined && device.client.catalog.size === products.length,
      60_000,
    );
    await drainAll(devices);
    const truth = await readServerTruth(srv.url, token);
    const skipped = countSkippedChanges(truth, device.client);
    reportFigures({
      scenario: 'server killed (full sync)',
      engine,
      seed: opts.seed,
      durationS: opts.durationS,
      devices: 1,
      salesMade: 0,
      salesLost: 0,
      salesDuplicated: 0,
      skippedChanges: skipped,
      crossBranchLeaks: 0,
      faults: { 'kill -9': kills },
      extra: { 'products downloaded': device.client.catalog.size, 'resumed at items': resumedFrom.join(' ') },
    });
    expect(kills).toBe(2);
    // Each restart resumed from its checkpoint, not from the start.
    expect(resumedFrom).toHaveLength(2);
    for (const r of resumedFrom) expect(r).toBeGreaterThan(0);
    expect(device.client.catalog.size).toBe(truth.products.size);
    expect(skipped).toBe(0);
  });
});
