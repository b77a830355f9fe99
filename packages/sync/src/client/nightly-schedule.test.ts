import { describe, expect, it } from 'vitest';
import { DEFAULT_SHOP_SETTINGS, tillBranchSettingsOf, type WeeklyHours } from '@kasir/protocol';
import { createHarness } from '../testing/harness.ts';
import { createMemoryStore } from '../store/memory-store.ts';

const day = { open: '08:00', close: '22:00' };
const hours: WeeklyHours = [day, day, day, day, day, day, day];
const H = 3_600_000;

describe('sync client: nightly heavy work (issue 16)', () => {
  it('runs the integrity check once per night outside opening hours, never mid-sale', async () => {
    // The manual clock starts at 2025-01-01 03:00Z, 10:00 in Jakarta: the shop is open.
    const h = createHarness();
    const store = createMemoryStore();
    const settings = tillBranchSettingsOf(
      {
        id: h.branchId,
        name: 'B1',
        address: null,
        npwp: null,
        receiptHeader: null,
        receiptFooter: null,
        timeZone: 'Asia/Jakarta',
        openingHours: hours,
      },
      DEFAULT_SHOP_SETTINGS,
    );
    await store.applyChanges(
      { products: [], stock: [], sales: [], branchSettings: settings },
      { catalog: 0, branch: 0 },
    );
    let idle = true;
    const client = await h.started('D1', { store, integrityCheckEveryMs: 1_000, isIdle: () => idle });
    // The log is capped and periodic pulls fill it over hours: compare the newest check's time.
    const lastCheck = async () => (await client.readLog()).find((e) => e.kind === 'integrity')?.at;
    await client.syncNow();
    expect((await store.readBranchSettings())?.openingHours).toEqual(hours);
    const first = await lastCheck();
    expect(first).toBeDefined(); // first start: never run before
    await h.clock.advance(2 * H);
    await client.syncNow();
    expect(await lastCheck()).toBe(first); // open: waits for the night
    idle = false; // a sale stays open through closing time
    await h.clock.advance(10.5 * H); // 22:30 Jakarta, closed
    await client.syncNow();
    expect(await lastCheck()).toBe(first); // a sale is open
    idle = true;
    await client.syncNow();
    const night = await lastCheck();
    expect(night).not.toBe(first);
    expect(night).toBe(new Date(h.clock.now()).toISOString());
    await h.clock.advance(3 * H);
    await client.syncNow();
    expect(await lastCheck()).toBe(night); // once per night
    await client.stop();
  });
});
