/** The columns an import knows; `sku`, `name` and `price` are required. */
export const IMPORT_FIELDS = [
  'sku',
  'name',
  'price',
  'barcode',
  'category',
  'unit',
  'taxRate',
  'active',
  'stock',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

export const REQUIRED_FIELDS: readonly ImportField[] = ['sku', 'name', 'price'];

/** Which CSV column (index) feeds each field; null = not imported. */
export type ColumnMapping = Record<ImportField, number | null>;

/** Header names people write, Indonesian and English, lower-case without spaces, `_` or `-`. */
const ALIASES: Record<ImportField, readonly string[]> = {
  sku: ['sku', 'kode', 'kodeproduk', 'kodebarang', 'plu', 'itemcode', 'code'],
  name: ['name', 'nama', 'namaproduk', 'namabarang', 'produk', 'product', 'productname', 'item'],
  price: ['price', 'harga', 'hargajual', 'sellingprice', 'hargaecer'],
  barcode: ['barcode', 'barcodes', 'kodebatang', 'ean', 'upc', 'gtin'],
  category: ['category', 'kategori', 'golongan', 'jenis'],
  unit: ['unit', 'satuan', 'uom'],
  taxRate: ['taxrate', 'tax', 'ppn', 'pajak', 'tarifppn', 'taxclass', 'kelaspajak'],
  active: ['active', 'aktif', 'status'],
  stock: ['stock', 'stok', 'qty', 'jumlah', 'stokawal', 'openingstock', 'onhand'],
};

const normalise = (h: string): string => h.toLowerCase().replace(/[\s_\-.]/g, '');

/** A first guess of the mapping from the header row; the person can change it before the dry run. */
export function guessMapping(headers: readonly string[]): ColumnMapping {
  const mapping = Object.fromEntries(IMPORT_FIELDS.map((f) => [f, null])) as ColumnMapping;
  const taken = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const i = headers.findIndex((h, idx) => !taken.has(idx) && ALIASES[field].includes(normalise(h)));
    if (i >= 0) {
      mapping[field] = i;
      taken.add(i);
    }
  }
  return mapping;
}

/** The required fields the mapping leaves out. */
export function missingRequired(mapping: ColumnMapping): ImportField[] {
  return REQUIRED_FIELDS.filter((f) => mapping[f] === null);
}
