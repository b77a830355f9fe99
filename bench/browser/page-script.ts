/**
 * Code that runs inside the page, kept as plain JavaScript strings: functions passed to
 * `page.evaluate` from TypeScript would carry tsx's `__name` helpers, which the page lacks.
 *
 * The init script (every document of the context) watches for "ready to sell": the app's sync client
 * (exposed by the `?bench=1` hook in apps/pos/src/app/session.ts) holds `n` products, has finished a
 * sync, and the sell screen shows product tiles. It records `performance.now()` of that moment in
 * `window.__benchReadyAt` (milliseconds since the navigation started).
 */
export function readyWatcher(n: number): string {
  return `(() => {
  if (new URLSearchParams(location.search).get('bench') !== '1') return;
  // Every picture request counted (bench-images.ts), not only the first 250 (the default buffer).
  performance.setResourceTimingBufferSize(100000);
  window.__benchReadyAt = null;
  window.__benchFirstTileAt = null;
  const check = () => {
    const b = window.__kasirBench;
    const tile = document.querySelector('[data-testid=product-tile]');
    if (tile && window.__benchFirstTileAt === null) window.__benchFirstTileAt = performance.now();
    if (b && b.client.catalog.size >= ${n} && b.client.status.get().lastSyncedAt !== null && tile) {
      window.__benchReadyAt = performance.now();
      return;
    }
    setTimeout(check, 2);
  };
  check();
})();`;
}

/** Helpers the measurements call, installed once the page is ready (`window.__b`). */
export const HELPERS = `(() => {
  const $ = (sel) => {
    const el = document.querySelector(sel);
    if (!el) throw new Error('no element ' + sel);
    return el;
  };
  // Milliseconds from act() until the DOM under root changed (React committed), or the next task.
  const untilCommit = (root, act) => new Promise((resolve) => {
    let done = false;
    const t0 = performance.now();
    const finish = () => {
      if (done) return;
      done = true;
      const ms = performance.now() - t0;
      mo.disconnect();
      resolve(ms);
    };
    const mo = new MutationObserver(finish);
    mo.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    act();
    setTimeout(finish, 0);
  });
  // Resolves with performance.now() of the first DOM change (or poll) at which pred() holds.
  const until = (pred) => new Promise((resolve, reject) => {
    const t0 = performance.now();
    let done = false;
    const check = () => {
      if (done) return;
      if (pred()) {
        done = true;
        mo.disconnect();
        resolve(performance.now());
      } else if (performance.now() - t0 > 10000) {
        done = true;
        mo.disconnect();
        reject(new Error('timeout'));
      } else setTimeout(check, 4);
    };
    const mo = new MutationObserver(check);
    mo.observe(document.body, { subtree: true, childList: true, attributes: true });
    check();
  });
  // Resolves after the next frame was rendered (a task after requestAnimationFrame's callback).
  const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const setSearch = (value) => {
    const input = $('[data-testid=search]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  window.__b = {
    // Search as you type: one sample per keystroke, from the input event to the grid re-rendered;
    // \`gapMs\` between keystrokes (0: as fast as the page goes; a cashier types about 5 a second).
    async typing(queries, gapMs = 0) {
      const ms = [];
      const index = [];
      const catalog = window.__kasirBench.client.catalog;
      const products = $('section.products');
      for (const q of queries) {
        for (let i = 1; i <= q.length; i++) {
          const prefix = q.slice(0, i);
          const t0 = performance.now();
          catalog.search(prefix, 48);
          index.push(performance.now() - t0);
          ms.push(await untilCommit(products, () => setSearch(prefix)));
          if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
        }
        await untilCommit(products, () => setSearch(''));
      }
      return { ms, index };
    },
    // Exact barcode lookups in the catalog index: one sample each, and the mean over the batch.
    barcodes(codes) {
      const catalog = window.__kasirBench.client.catalog;
      const ms = [];
      let found = 0;
      const t0 = performance.now();
      for (const c of codes) {
        const s = performance.now();
        if (catalog.byBarcode(c)) found++;
        ms.push(performance.now() - s);
      }
      return { ms, meanMs: (performance.now() - t0) / codes.length, found };
    },
    // The floor under a sale's commit: one strict IndexedDB transaction putting one row of a sale's
    // size, in a database of its own in this page, one after another while nothing else runs; with
    // \`gapMs\`, that long apart (as sales are: a disk and a CPU woken from idle answer slower).
    async rawStrict(count, gapMs = 0) {
      const db = await new Promise((resolve, reject) => {
        const r = indexedDB.open('kasir-bench-raw', 1);
        r.onupgradeneeded = () => r.result.createObjectStore('s');
        r.onsuccess = () => resolve(r.result);
        r.onerror = () => reject(r.error);
      });
      const ms = [];
      for (let i = 0; i < count; i++) {
        if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
        const t0 = performance.now();
        await new Promise((resolve, reject) => {
          const tx = db.transaction('s', 'readwrite', { durability: 'strict' });
          tx.objectStore('s').put({ i, pad: 'x'.repeat(1500) }, i);
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        });
        ms.push(performance.now() - t0);
      }
      db.close();
      return ms;
    },
    // Sales through the real UI: tap tiles (add to cart), pay exact cash, complete until the receipt.
    // Back to back, the previous sale's sync (push, pull, re-render) runs while the next is made; with
    // \`settle\` each sale waits until the previous one synced and the page was idle for a moment,
    // as at a cashier's pace.
    // The tap on complete comes \`tapGapMs\` after the enabled button was painted (bench-selling.ts,
    // TAP_GAP_MS); 0 taps in the same millisecond, under that frame's raster and compositing.
    async sales(count, linesPerSale, settle = false, tapGapMs = 0) {
      const add = [];
      const complete = [];
      const record = [];
      const commit = [];
      // Times the sync client's recordSale inside the app's own call, and the store's commit in it
      // (the strict IndexedDB transaction; the client calls the store object's method each time).
      const { client, store } = window.__kasirBench;
      const recordSale = client.recordSale;
      const commitSale = store.commitSale;
      const timed = (target, fn, into) => async (...args) => {
        const t0 = performance.now();
        try {
          return await fn.apply(target, args);
        } finally {
          into.push(performance.now() - t0);
        }
      };
      client.recordSale = timed(client, recordSale, record);
      store.commitSale = timed(store, commitSale, commit);
      for (let s = 0; s < count; s++) {
        for (let l = 0; l < linesPerSale; l++) {
          const tiles = document.querySelectorAll('[data-testid=product-tile]');
          const tile = tiles[(s * linesPerSale + l) % tiles.length];
          add.push(await untilCommit($('[data-testid=cart]'), () => tile.click()));
        }
        if (settle) {
          while (client.status.get().pending > 0) await new Promise((r) => setTimeout(r, 20));
          await new Promise((r) => setTimeout(r, 300));
        }
        $('[data-testid=pay]').click();
        await until(() => document.querySelector('[data-testid=quick-cash]'));
        $('[data-testid=quick-cash]').click();
        await until(() => !$('[data-testid=complete]').disabled);
        // A cashier taps a button they see: wait until the enabled button was painted, so the tap
        // is not timed together with the layout and paint of the screen before it.
        await painted();
        if (tapGapMs > 0) await new Promise((r) => setTimeout(r, tapGapMs));
        const t0 = performance.now();
        $('[data-testid=complete]').click();
        const t1 = await until(() => document.querySelector('[data-testid=receipt-screen]'));
        complete.push(t1 - t0);
        $('[data-testid=new-sale]').click();
        await until(() => document.querySelector('[data-testid=product-tile]'));
      }
      client.recordSale = recordSale;
      store.commitSale = commitSale;
      return { add, complete, record, commit };
    },
  };
})();`;

/** Wraps the client's recordSale to note each sale's start and end (epoch ms, as Node's clock). */
export const STAMP_SALES = `(() => { window.__ts = []; const c = window.__kasirBench.client; const r = c.recordSale;
  c.recordSale = async (...a) => { const t = performance.timeOrigin + performance.now();
    try { return await r.apply(c, a); } finally { window.__ts.push([t, performance.timeOrigin + performance.now()]); } }; })()`;
