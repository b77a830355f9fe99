import type { AdminProduct } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { guessMapping } from './columns.ts';
import { productsToCsv } from './csv-export.ts';
import { readCsv, validateRows } from './csv-import.ts';

const product: AdminProduct = {
  id: '0190f3a0-0000-7000-8000-000000000001',
  sku: 'DM-1',
  name: 'Kecap Manis "Sedap"; 520 ml',
  price: 24_000,
  barcodes: ['8991000000017', '8991000000024'],
  category: 'Bumbu',
  taxRate: 11,
  active: false,
  version: 3,
  deleted: false,
  unit: 'botol',
  createdAt: '2026-03-01T00:00:00Z',
  updatedAt: '2026-03-01T00:00:00Z',
  stock: null,
};

describe('CSV export', () => {
  it('writes a file Excel opens as UTF-8 and that imports back unchanged', () => {
    const csv = productsToCsv([product]);
    expect(csv.startsWith('\uFEFFsku;name;price;')).toBe(true);
    const table = readCsv(csv);
    const run = validateRows(table, guessMapping(table.headers), { withStock: false });
    expect(run.errors).toEqual([]);
    expect(run.valid[0]?.row).toEqual({
      sku: 'DM-1',
      name: 'Kecap Manis "Sedap"; 520 ml',
      price: 24_000,
      barcodes: ['8991000000017', '8991000000024'],
      category: 'Bumbu',
      unit: 'botol',
      taxRate: 11,
      active: false,
    });
  });
});
