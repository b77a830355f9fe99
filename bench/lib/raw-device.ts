import type { Change, PullResponse } from '@kasir/protocol';

/**
 * The smallest faithful device for server-side benchmarks: pulls the feed into in-memory maps.
 * (The full engine in packages/sync adds its store; benchmarks of the engine use that.)
 */
export class RawDevice {
  readonly products = new Map<string, unknown>();
  readonly stock = new Map<string, number>();
  readonly sales = new Set<string>();
  cursor = '';

  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async pullPage(limit = 500): Promise<PullResponse> {
    const res = await fetch(`${this.url}/api/sync/pull?cursor=${this.cursor}&limit=${limit}`, {
      headers: { authorization: `Bearer ${this.token}`, 'accept-encoding': 'gzip' },
    });
    if (!res.ok) throw new Error(`pull ${res.status}`);
    const page = (await res.json()) as PullResponse;
    for (const c of page.changes) this.apply(c);
    this.cursor = page.cursor;
    return page;
  }

  async pullAll(limit = 500, onPage?: (n: number) => void): Promise<number> {
    let pages = 0;
    for (;;) {
      const p = await this.pullPage(limit);
      onPage?.(++pages);
      if (!p.hasMore) return pages;
    }
  }

  apply(c: Change): void {
    if (c.kind === 'product') {
      if (c.data.deleted) this.products.delete(c.data.id);
      else this.products.set(c.data.id, c.data);
    } else if (c.kind === 'stock') this.stock.set(c.data.productId, c.data.onHand);
    else this.sales.add(c.data.id);
  }
}
