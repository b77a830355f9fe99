import type { Api } from '../app/api.ts';
import { productsToCsv } from './csv/csv-export.ts';
import { fetchProductPage, type ProductFilter } from './use-products.ts';
import type { AdminProduct } from '@kasir/protocol';
import { businessDay } from '@kasir/ui';

/** Pages through the whole (filtered) catalog, 1,000 at a time, and downloads it as CSV. */
export async function exportCatalog(
  api: Api,
  filter: ProductFilter,
  onProgress: (count: number) => void,
): Promise<void> {
  const all: AdminProduct[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page = await fetchProductPage(api, filter, cursor, 1_000);
    all.push(...page.items);
    onProgress(all.length);
    if (!page.hasMore || page.cursor === null) break;
    cursor = page.cursor;
  }
  const blob = new Blob([productsToCsv(all)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  // Named by the owner's calendar day (this browser's time zone), not UTC's.
  a.download = `produk-${businessDay(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone)}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
