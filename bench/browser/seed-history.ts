import type { Page } from 'playwright-core';
import { HELPERS } from './page-script.ts';

/**
 * A till's own sales history, written into the page's device database for B1b and B6 with history
 * and the storage measurement (issue 16), installed as `window.__seed` (plain JavaScript: see
 * page-script.ts). Replaying 100,000 sales through the UI or one strict commit each would take
 * many minutes, so each seeded sale is a copy of a real one: the newest sale the page recorded
 * through the app, its journal row and its sync state row exactly as the store wrote them, with a
 * new id, receipt counter, invoice number and time. The copies are synced and audited (what a
 * till holds after months of work), written in large relaxed transactions beside the app's own
 * connection; the receipt counter is then raised through the store so new sales number above them.
 *
 * To seed more of a till's state later (product images, held carts), add a function beside
 * `history` that copies the app's own rows the same way.
 */
export const SEED_HISTORY = `(() => {
  const DAY = 86400000;
  const request = (req) => new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const done = (tx) => new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  const open = (name) => request(indexedDB.open(name));
  // The newest journal row that is a sale, and its state row (which must say synced).
  async function template(db) {
    const tx = db.transaction(['journal', 'journalState'], 'readonly');
    // Only sales have a receipt counter: the highest is the newest sale.
    const cursor = await request(tx.objectStore('journal').index('counter').openCursor(null, 'prev'));
    if (!cursor) throw new Error('seed: no sale recorded yet to copy');
    const state = await request(tx.objectStore('journalState').get(cursor.value.seq));
    if (!state || state.state.kind !== 'synced') throw new Error('seed: the template sale is not synced yet');
    return { row: cursor.value, state };
  }
  async function lastSeq(db) {
    const tx = db.transaction('journal', 'readonly');
    const cursor = await request(tx.objectStore('journal').openKeyCursor(null, 'prev'));
    return cursor ? cursor.key : 0;
  }
  window.__seed = {
    // count sales spread evenly from fromDaysAgo (oldest) to toDaysAgo (newest) before now.
    async history({ count, fromDaysAgo, toDaysAgo, batch = 5000 }) {
      const { store, storeName } = window.__kasirBench;
      const t0 = performance.now();
      const db = await open(storeName);
      try {
        const tpl = await template(db);
        let seq = await lastSeq(db);
        const counter0 = (await store.readMeta()).invoiceCounter;
        const parts = tpl.row.sale.invoiceNumber.split('-');
        const prefix = parts.slice(0, parts.length - 2).join('-');
        const first = Date.now() - fromDaysAgo * DAY;
        const step = ((fromDaysAgo - toDaysAgo) * DAY) / count;
        for (let i = 0; i < count; ) {
          const tx = db.transaction(['journal', 'journalState'], 'readwrite', { durability: 'relaxed' });
          const journal = tx.objectStore('journal');
          const states = tx.objectStore('journalState');
          for (const end = Math.min(count, i + batch); i < end; i++) {
            seq += 1;
            const counter = counter0 + i + 1;
            const at = new Date(first + step * i).toISOString();
            const invoiceNumber = prefix + '-' + at.slice(0, 10).replaceAll('-', '') + '-' + String(counter).padStart(4, '0');
            const id = crypto.randomUUID();
            const sale = { ...tpl.row.sale, id, invoiceNumber, createdAt: at };
            const payload = { ...tpl.row.mutation.payload, id, invoiceNumber, createdAt: at };
            journal.add({ ...tpl.row, seq, id, createdAt: at, counter, sale, mutation: { ...tpl.row.mutation, id, payload } });
            states.add({ ...tpl.state, seq, view: 'hidden', audited: true });
          }
          await done(tx);
        }
        await store.raiseInvoiceCounter(counter0 + count);
      } finally {
        db.close();
      }
      return performance.now() - t0;
    },
    // What settings shows: the browser's estimate of the origin's storage, and the store's counts.
    async storage() {
      const e = await navigator.storage.estimate();
      const c = await window.__kasirBench.store.storageCounts();
      return {
        usageBytes: e.usage ?? null,
        indexedDbBytes: (e.usageDetails && e.usageDetails.indexedDB) ?? null,
        ownSales: c.ownSales,
        branchSales: c.branchSales,
      };
    },
    // The retention job's store call as the engine makes it (client/prune-history.ts), timed.
    async prune(ownSalesDays, branchSalesDays) {
      const now = Date.now();
      const t0 = performance.now();
      const dropped = await window.__kasirBench.store.pruneHistory({
        ownBefore: new Date(now - ownSalesDays * DAY).toISOString(),
        branchBefore: new Date(now - branchSalesDays * DAY).toISOString(),
      });
      return { ms: performance.now() - t0, own: dropped.own, branch: dropped.branch };
    },
  };
})();`;

/**
 * Seeds `count` own sales over the 90 days before the last 8 (as B6 with history does) once the
 * page's sales synced, then reloads until ready to sell and installs the helpers again
 * (run-b6.ts, trace-idb.ts).
 */
export async function reloadWithHistory(page: Page, count: number): Promise<void> {
  await page.waitForFunction('window.__kasirBench.client.status.get().pending === 0', undefined, {
    timeout: 120_000,
  });
  if (count > 0) {
    await page.evaluate(SEED_HISTORY);
    await page.evaluate(`window.__seed.history(${JSON.stringify({ count, fromDaysAgo: 90, toDaysAgo: 8 })})`);
  }
  await page.reload({ waitUntil: 'commit' });
  await page.waitForFunction('window.__benchReadyAt != null', undefined, { timeout: 180_000 });
  await page.evaluate(HELPERS);
}
