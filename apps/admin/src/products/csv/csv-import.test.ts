import { describe, expect, it } from 'vitest';
import { guessMapping, missingRequired } from './columns.ts';
import { chunk, readCsv, validateRows } from './csv-import.ts';

const dryRun = (text: string, withStock = false) => {
  const table = readCsv(text);
  return validateRows(table, guessMapping(table.headers), { withStock });
};

describe('reading a CSV as spreadsheets write it', () => {
  it('reads a semicolon file with a byte-order mark and CRLF, with Indonesian numbers', () => {
    const text = '\uFEFFkode;nama;harga;stok\r\nA1;Kopi Susu;12.500;24\r\nA2;"Teh; Manis";1.250.000,00;0\r\n';
    const table = readCsv(text);
    expect(table.delimiter).toBe(';');
    expect(table.headers).toEqual(['kode', 'nama', 'harga', 'stok']);
    const run = validateRows(table, guessMapping(table.headers), { withStock: true });
    expect(run.errors).toEqual([]);
    expect(run.valid.map((v) => v.row)).toEqual([
      { sku: 'A1', name: 'Kopi Susu', price: 12_500, stock: 24 },
      { sku: 'A2', name: 'Teh; Manis', price: 1_250_000, stock: 0 },
    ]);
  });

  it('reads a comma file without a byte-order mark, English headers and every optional column', () => {
    const text =
      'sku,name,price,barcode,category,unit,tax rate,active\n' +
      'B1,Beras 5 kg,"72,500",8991234567895|8991234567901,Sembako,karung,0,ya\n' +
      'B2,Parfum,150000,,Perawatan,botol,mewah,tidak\n';
    const run = dryRun(text);
    expect(run.errors).toEqual([]);
    expect(run.valid[0]?.row).toEqual({
      sku: 'B1',
      name: 'Beras 5 kg',
      price: 72_500,
      barcodes: ['8991234567895', '8991234567901'],
      category: 'Sembako',
      unit: 'karung',
      taxRate: 0,
      active: true,
    });
    expect(run.valid[1]?.row).toMatchObject({ taxRate: 12, active: false });
  });

  it('does not import stock unless asked to (a branch is chosen)', () => {
    const run = dryRun('sku;name;price;stock\nA;Kopi;5000;12\n', false);
    expect(run.valid[0]?.row).toEqual({ sku: 'A', name: 'Kopi', price: 5000 });
  });
});

describe('the dry run lists every bad row with its line and reason', () => {
  const text = [
    'sku;nama;harga;barcode;ppn;aktif;stok',
    'OK1;Indomie Goreng;3.500;8991000000017;11;ya;10',
    ';Tanpa SKU;1.000;;;;', // line 3
    'P3;Harga salah;dua ribu;;;;', // 4
    '',
    'P5;Ada sen;12.500,50;;;;', // 6
    'P6;Excel merusak barcode;4.000;8,99123E+12;;;', // 7
    'P7;Pajak aneh;4.000;;7;mungkin;-2', // 8
    'ok1;SKU kembar (huruf kecil);4.000;;;;', // 9: the same SKU to a shop
    'P9;Barcode kembar;4.000;8991000000017;;;', // 10
    'P10;Kurang kolom', // 11
    'OK2;"Nama dengan', // 12: a line break inside quotes
    'dua baris";2.000;;;;', // 13
    'OK3;Setelah itu;2.000;;;;', // 14
  ].join('\r\n');

  it('keeps the good rows and reports each problem on its spreadsheet line', () => {
    const run = dryRun(text, true);
    expect(run.valid.map((v) => [v.line, v.row.sku])).toEqual([
      [2, 'OK1'],
      [12, 'OK2'],
      [14, 'OK3'],
    ]);
    expect(run.errors.map((e) => [e.line, e.field, e.reason])).toEqual([
      [3, 'sku', 'missing_value'],
      [4, 'price', 'not_a_number'],
      [6, 'price', 'not_whole_rupiah'],
      [7, 'barcode', 'barcode_scientific'],
      [8, 'taxRate', 'bad_tax'],
      [8, 'active', 'bad_active'],
      [8, 'stock', 'out_of_range'],
      [9, 'sku', 'duplicate_sku'],
      [10, 'barcode', 'duplicate_barcode'],
      [11, null, 'column_count'],
      [11, 'price', 'missing_value'],
    ]);
    expect(run.badLines).toBe(8);
    expect(run.errors.find((e) => e.reason === 'duplicate_sku')?.value).toBe('2');
  });

  it('reports an unclosed quote', () => {
    const run = dryRun('sku,name,price\nA,"Kopi,5000\n');
    expect(run.errors.some((e) => e.reason === 'unclosed_quote')).toBe(true);
  });

  it('refuses what the protocol refuses (a name over 200 characters)', () => {
    const run = dryRun(`sku,name,price\nA,${'x'.repeat(201)},5000\n`);
    expect(run.errors.map((e) => [e.line, e.field, e.reason])).toEqual([[2, 'name', 'invalid']]);
  });
});

describe('mapping and chunks', () => {
  it('guesses Indonesian and English headers and says which required ones are missing', () => {
    const m = guessMapping(['Kode Barang', 'Nama Produk', 'Satuan', 'Kategori']);
    expect(m).toMatchObject({ sku: 0, name: 1, unit: 2, category: 3, price: null });
    expect(missingRequired(m)).toEqual(['price']);
  });

  it('splits rows into chunks for the progress bar', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
