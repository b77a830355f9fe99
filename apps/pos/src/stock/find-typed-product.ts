import type { ProductView } from '@kasir/sync';

/** What a scanned or typed text names: one product, several to choose from, or none. */
export type TypedProduct =
  | { readonly kind: 'one'; readonly product: ProductView }
  | { readonly kind: 'many'; readonly products: readonly ProductView[] }
  | { readonly kind: 'none' };

/** How many matches a person is asked to choose from; a longer list means typing more. */
export const MAX_CHOICES = 8;

/**
 * A barcode names its product; a typed text names the one product whose SKU or name it is
 * exactly (any case), or the only search match. Several matches are offered to choose from:
 * taking the first would receive or count the wrong goods without a word ("gula" is three sugars).
 */
export function findTypedProduct(
  catalog: {
    byBarcode(code: string): ProductView | undefined;
    search(text: string, limit: number): readonly ProductView[];
  },
  text: string,
): TypedProduct {
  const scanned = catalog.byBarcode(text);
  if (scanned !== undefined) return { kind: 'one', product: scanned };
  const found = catalog.search(text, MAX_CHOICES);
  const lower = text.toLowerCase();
  const exact = found.filter((p) => p.sku.toLowerCase() === lower || p.name.toLowerCase() === lower);
  const only = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : undefined;
  if (only !== undefined) return { kind: 'one', product: only };
  return found.length === 0 ? { kind: 'none' } : { kind: 'many', products: found };
}
