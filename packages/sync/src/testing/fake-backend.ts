import {
  assembleSale,
  computeSaleTotals,
  encodeCursor,
  newId,
  stateChecksums,
  summarizeSale,
  type Change,
  type ConflictRecord,
  type Cursor,
  type ErrorCode,
  type Mutation,
  type MutationResult,
  type Product,
  type Sale,
  type StockLevel,
  type SyncStateResponse,
} from '@kasir/protocol';
import { Mutation as MutationSchema } from '@kasir/protocol';

/** A realtime event the fake server sends to the sockets of one branch (or all, for the catalog). */
export interface FakeBroadcast {
  readonly branchId: string | null;
  readonly name: string;
  readonly payload: unknown;
}

interface FeedEntry {
  readonly key: string;
  readonly change: Change;
}

/** A device as the fake server registered it. */
export interface FakeDevice {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly branchId: string;
  readonly token: string;
  revoked: boolean;
}

/**
 * An in-memory implementation of the server's sync contract, for deterministic unit tests of the
 * engine: change feed with per-scope sequences keeping the newest change per entity, exactly-once
 * mutations (S3), compare-and-swap edits and counts (S8), stock below zero allowed (S7).
 * It is a test double, not a reference server: validation is only what the tests need.
 */
export class FakeBackend {
  readonly branches = new Map<string, { id: string; code: string; name: string }>();
  readonly devices = new Map<string, FakeDevice>();
  readonly products = new Map<string, Product>();
  readonly stock = new Map<string, Map<string, StockLevel>>();
  readonly sales = new Map<string, Sale>();
  /** Mutation ids and how many times each was applied (must stay 1, S3). */
  readonly applied = new Map<string, number>();
  /** Return a rejection for a mutation to test parking (S9). */
  rejectWhen: ((m: Mutation) => { code: ErrorCode; message: string } | undefined) | undefined;

  #catalogSeq = 0;
  readonly #branchSeq = new Map<string, number>();
  readonly #catalogFeed = new Map<string, { seq: number; entry: FeedEntry }>();
  readonly #branchFeed = new Map<string, Map<string, { seq: number; entry: FeedEntry }>>();
  readonly #results = new Map<string, { payload: string; result: MutationResult }>();

  constructor(
    private readonly now: () => number,
    private readonly broadcast: (b: FakeBroadcast) => void,
  ) {}

  addBranch(code: string, name = code): string {
    const id = newId();
    this.branches.set(id, { id, code, name });
    this.stock.set(id, new Map());
    this.#branchFeed.set(id, new Map());
    this.#branchSeq.set(id, 0);
    return id;
  }

  addDevice(branchId: string, code: string, name = code): FakeDevice {
    const device = { id: newId(), code, name, branchId, token: `token-${code}-${newId()}`, revoked: false };
    this.devices.set(device.token, device);
    return device;
  }

  deviceOf(token: string | undefined): FakeDevice | undefined {
    const d = token === undefined ? undefined : this.devices.get(token);
    return d && !d.revoked ? d : undefined;
  }

  /** Admin upsert: a new version of a product (or a first one), fed to every device. */
  putProduct(p: Omit<Product, 'version' | 'deleted'> & { deleted?: boolean }): Product {
    const version = (this.products.get(p.id)?.version ?? 0) + 1;
    const product: Product = { ...p, deleted: p.deleted ?? false, version };
    this.products.set(product.id, product);
    const seq = ++this.#catalogSeq;
    this.#catalogFeed.delete(product.id);
    this.#catalogFeed.set(product.id, {
      seq,
      entry: { key: product.id, change: { kind: 'product', scope: 'catalog', seq, data: product } },
    });
    this.broadcast({
      branchId: null,
      name: 'product_updated',
      payload: { scope: 'catalog', cursor: seq, product },
    });
    return product;
  }

  /** Moves stock of a branch (sale, adjustment, count), with a feed entry and an event. */
  moveStock(branchId: string, productId: string, delta: number): StockLevel {
    const rows = this.stock.get(branchId)!;
    const old = rows.get(productId) ?? { productId, onHand: 0, version: 0 };
    const level = { productId, onHand: old.onHand + delta, version: old.version + 1 };
    rows.set(productId, level);
    const seq = this.#nextBranchSeq(branchId);
    this.#putBranch(branchId, `stock:${productId}`, { kind: 'stock', scope: 'branch', seq, data: level });
    this.broadcast({ branchId, name: 'stock_changed', payload: { scope: 'branch', cursor: seq, ...level } });
    return level;
  }

  cursorOf(branchId: string): Cursor {
    return { catalog: this.#catalogSeq, branch: this.#branchSeq.get(branchId) ?? 0 };
  }

  /** A keyset page of the feed: catalog scope first, then the branch scope. */
  pull(
    branchId: string,
    from: Cursor,
    limit: number,
  ): { changes: Change[]; cursor: string; hasMore: boolean } {
    const catalog = [...this.#catalogFeed.values()]
      .filter((e) => e.seq > from.catalog)
      .sort((a, b) => a.seq - b.seq);
    const branch = [...this.#branchFeed.get(branchId)!.values()]
      .filter((e) => e.seq > from.branch)
      .sort((a, b) => a.seq - b.seq);
    const head = this.cursorOf(branchId);
    const changes: Change[] = [];
    let cursor = { ...from };
    for (const e of catalog) {
      if (changes.length === limit) return { changes, cursor: encodeCursor(cursor), hasMore: true };
      changes.push(e.entry.change);
      cursor = { ...cursor, catalog: e.seq };
    }
    // The catalog scope is exhausted: its cursor is the head (entries replaced later leave holes).
    cursor = { ...cursor, catalog: head.catalog };
    for (const e of branch) {
      if (changes.length === limit) return { changes, cursor: encodeCursor(cursor), hasMore: true };
      changes.push(e.entry.change);
      cursor = { ...cursor, branch: e.seq };
    }
    return { changes, cursor: encodeCursor({ ...cursor, branch: head.branch }), hasMore: false };
  }

  state(branchId: string): SyncStateResponse {
    return {
      cursor: encodeCursor(this.cursorOf(branchId)),
      ...stateChecksums(this.products.values(), this.stock.get(branchId)!.values()),
      serverTime: new Date(this.now()).toISOString(),
      protocolVersion: 1,
    };
  }

  /** Applies one pushed mutation exactly once (S3) and returns its result as a value. */
  apply(device: FakeDevice, raw: unknown): MutationResult {
    const rawId =
      typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : '';
    const parsed = MutationSchema.safeParse(raw);
    if (!parsed.success)
      return { id: rawId, status: 'rejected', code: 'validation_failed', message: parsed.error.message };
    const m = parsed.data;
    const payload = JSON.stringify(m);
    const stored = this.#results.get(m.id);
    if (stored) {
      if (stored.payload !== payload) {
        return {
          id: m.id,
          status: 'rejected',
          code: 'idempotency_conflict',
          message: 'same id, other payload',
        };
      }
      const r = stored.result;
      return r.status === 'accepted' ? { id: m.id, status: 'duplicate', result: r.result } : r;
    }
    const rejection = this.rejectWhen?.(m);
    // Rejections are not stored: the device may retry after a fix on the server side.
    if (rejection) return { id: m.id, status: 'rejected', ...rejection };
    const result = this.#applyNew(device, m);
    if (result.status !== 'rejected') {
      this.#results.set(m.id, { payload, result });
      this.applied.set(m.id, (this.applied.get(m.id) ?? 0) + 1);
    }
    return result;
  }

  #applyNew(device: FakeDevice, m: Mutation): MutationResult {
    const at = new Date(this.now()).toISOString();
    switch (m.type) {
      case 'sale.create': {
        if (m.id !== m.payload.id)
          return { id: m.id, status: 'rejected', code: 'mutation_id_mismatch', message: 'id' };
        // As the server: a product it does not know cannot be sold (S7 flags only what it knows).
        const unknown = [
          ...new Set(m.payload.lines.map((l) => l.productId).filter((id) => !this.products.has(id))),
        ];
        if (unknown.length > 0) {
          return {
            id: m.id,
            status: 'rejected',
            code: 'unknown_product',
            message: `unknown product id(s): ${unknown.join(', ')}`,
            details: { productIds: unknown },
          };
        }
        const lines = m.payload.lines.map((l) => ({
          ...l,
          taxRate: l.taxRate ?? this.products.get(l.productId)!.taxRate,
        }));
        const totals = computeSaleTotals({ ...m.payload, lines });
        if (!totals.ok) {
          const { code, message, details } = totals;
          return {
            id: m.id,
            status: 'rejected',
            code,
            message,
            ...(details === undefined ? {} : { details }),
          };
        }
        const sale = assembleSale(m.payload, totals.totals, {
          branchId: device.branchId,
          deviceId: device.id,
          receivedAt: at,
        });
        const flags = new Set<Sale['flags'][number]>();
        for (const l of sale.lines)
          if (this.moveStock(device.branchId, l.productId, -l.quantity).onHand < 0)
            flags.add('negative_stock');
        const stored = { ...sale, flags: [...flags] };
        this.sales.set(sale.id, stored);
        const seq = this.#nextBranchSeq(device.branchId);
        const summary = summarizeSale(stored, device.name);
        this.#putBranch(device.branchId, `sale:${sale.id}`, {
          kind: 'sale',
          scope: 'branch',
          seq,
          data: summary,
        });
        this.broadcast({
          branchId: device.branchId,
          name: 'new_sale',
          payload: { scope: 'branch', cursor: seq, sale: summary },
        });
        return { id: m.id, status: 'accepted', result: stored };
      }
      case 'product.update': {
        const p = this.products.get(m.payload.productId);
        if (!p) return { id: m.id, status: 'rejected', code: 'unknown_product', message: 'no such product' };
        if (p.version !== m.payload.baseVersion) {
          return this.#conflicted(m.id, at, {
            kind: 'product',
            entityId: p.id,
            baseVersion: m.payload.baseVersion,
            serverVersion: p.version,
            mine: { ...m.payload.changes },
            server: { ...p },
          });
        }
        const changes = Object.fromEntries(
          Object.entries(m.payload.changes).filter(([, v]) => v !== undefined),
        );
        const next = this.putProduct({ ...p, ...(changes as Partial<Product>) });
        return { id: m.id, status: 'accepted', result: next };
      }
      case 'stock.adjust': {
        if (!this.products.has(m.payload.productId))
          return { id: m.id, status: 'rejected', code: 'unknown_product', message: 'no such product' };
        return {
          id: m.id,
          status: 'accepted',
          result: this.moveStock(device.branchId, m.payload.productId, m.payload.delta),
        };
      }
      case 'shift.open':
      case 'cash.move':
      case 'shift.close':
      case 'refund.create':
      case 'customer.create':
        // Recorded without their effects: the engine's tests need only that they sync exactly once.
        return { id: m.id, status: 'accepted', result: m.payload };
      case 'stock.count': {
        const level = this.stock.get(device.branchId)!.get(m.payload.productId) ?? {
          productId: m.payload.productId,
          onHand: 0,
          version: 0,
        };
        if (level.version !== m.payload.baseVersion) {
          return this.#conflicted(m.id, at, {
            kind: 'stock',
            entityId: level.productId,
            baseVersion: m.payload.baseVersion,
            serverVersion: level.version,
            mine: { counted: m.payload.counted },
            server: { ...level },
          });
        }
        const delta = m.payload.counted - level.onHand;
        return {
          id: m.id,
          status: 'accepted',
          result: delta === 0 ? level : this.moveStock(device.branchId, level.productId, delta),
        };
      }
      case 'stock.receive': {
        if (m.payload.lines.some((l) => !this.products.has(l.productId)))
          return { id: m.id, status: 'rejected', code: 'unknown_product', message: 'no such product' };
        for (const l of m.payload.lines) this.moveStock(device.branchId, l.productId, l.quantity);
        return { id: m.id, status: 'accepted', result: { id: m.id, branchId: device.branchId } };
      }
      // Transfers and stocktakes live on the real server only (stock/ there); this double knows none.
      case 'transfer.send':
      case 'transfer.receive':
      case 'transfer.cancel':
      case 'stocktake.count':
        return {
          id: m.id,
          status: 'rejected',
          code: 'not_found',
          message: 'the fake backend keeps no transfers or stocktakes',
        };
      case 'audit.record':
        // As the server (staff/record-till-audit.ts): an audit event is evidence, never refused.
        return { id: m.id, status: 'accepted', result: { auditId: newId(this.now()) } };
    }
  }

  /** The conflict outcome of mutation `mutationId`, with a new conflict record (S8). */
  #conflicted(
    mutationId: string,
    createdAt: string,
    c: Omit<ConflictRecord, 'id' | 'mutationId' | 'createdAt'>,
  ): MutationResult {
    return { id: mutationId, status: 'conflict', conflict: { id: newId(), mutationId, ...c, createdAt } };
  }

  #nextBranchSeq(branchId: string): number {
    const seq = (this.#branchSeq.get(branchId) ?? 0) + 1;
    this.#branchSeq.set(branchId, seq);
    return seq;
  }

  #putBranch(branchId: string, key: string, change: Change): void {
    const feed = this.#branchFeed.get(branchId)!;
    feed.delete(key);
    feed.set(key, { seq: change.seq, entry: { key, change } });
  }
}
