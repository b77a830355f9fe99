import { ProductImportRow, effectiveRate, taxClassOfRate } from '@kasir/protocol';
import Papa from 'papaparse';
import type { ColumnMapping, ImportField } from './columns.ts';
import { parseIndonesianNumber } from './indonesian-number.ts';

/** A CSV file read into cells: the header row, the records with their 1-based line numbers. */
export interface CsvTable {
  readonly delimiter: ',' | ';' | '\t';
  readonly headers: readonly string[];
  readonly records: readonly CsvRecord[];
  /** Problems of the file itself (an unclosed quote), with the line they start on. */
  readonly fileErrors: readonly RowError[];
}

export interface CsvRecord {
  readonly line: number;
  readonly cells: readonly string[];
}

/** Why a row cannot be imported; `reason` is a key of the `import.reason` translations. */
export type RowErrorReason =
  | 'column_count'
  | 'unclosed_quote'
  | 'missing_value'
  | 'not_a_number'
  | 'not_whole_rupiah'
  | 'out_of_range'
  | 'bad_tax'
  | 'bad_active'
  | 'barcode_scientific'
  | 'invalid'
  | 'duplicate_sku'
  | 'duplicate_barcode';

export interface RowError {
  readonly line: number;
  readonly field: ImportField | null;
  readonly reason: RowErrorReason;
  /** The cell as written (or the other line, for duplicates). */
  readonly value: string;
}

export interface ValidRow {
  readonly line: number;
  readonly row: ProductImportRow;
}

export interface DryRun {
  readonly valid: readonly ValidRow[];
  readonly errors: readonly RowError[];
  /** Lines with at least one error. */
  readonly badLines: number;
}

/**
 * Reads CSV text as Excel and Google Sheets write it: comma, semicolon or tab separated (guessed
 * from the file), UTF-8 with or without a byte-order mark, CRLF or LF, quoted cells with the
 * separator or line breaks inside. Blank lines are skipped but counted, so line numbers match what
 * a spreadsheet shows.
 */
export function readCsv(text: string): CsvTable {
  const body = text.replace(/^\uFEFF/, '');
  const parsed = Papa.parse<string[]>(body, {
    delimitersToGuess: [';', ',', '\t'],
    skipEmptyLines: false,
  });
  const delimiter = parsed.meta.delimiter === ';' ? ';' : parsed.meta.delimiter === '\t' ? '\t' : ',';
  const lines = recordLines(body, parsed.data.length, delimiter);
  const fileErrors: RowError[] = parsed.errors
    .filter((e) => e.code === 'MissingQuotes' || e.code === 'InvalidQuotes')
    .map((e) => ({ line: lines[e.row ?? 0] ?? 1, field: null, reason: 'unclosed_quote', value: '' }));
  const [header = [], ...rest] = parsed.data;
  const records: CsvRecord[] = [];
  rest.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    records.push({ line: lines[i + 1] ?? i + 2, cells });
  });
  return { delimiter, headers: header.map((h) => h.trim()), records, fileErrors };
}

/**
 * The line each record starts on: counts line breaks outside quotes, so a quoted cell with a line
 * break inside moves the following records down as a spreadsheet does.
 */
function recordLines(text: string, count: number, delimiter: string): number[] {
  const starts: number[] = [1];
  let line = 1;
  let quoted = false;
  let atCellStart = true;
  for (let i = 0; i < text.length && starts.length < count; i++) {
    const ch = text[i];
    if (ch === '"') {
      if (quoted && text[i + 1] === '"') i++;
      else if (quoted || atCellStart) quoted = !quoted;
      atCellStart = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
      if (!quoted) {
        starts.push(line);
        atCellStart = true;
      }
    } else atCellStart = ch === delimiter;
  }
  return starts;
}

export interface ValidateOptions {
  /** Whether a `stock` column is imported (it needs a branch). */
  readonly withStock: boolean;
}

const TRUE_WORDS = new Set(['ya', 'y', 'yes', 'true', '1', 'aktif', 'active']);
const FALSE_WORDS = new Set([
  'tidak',
  't',
  'no',
  'n',
  'false',
  '0',
  'nonaktif',
  'tidakaktif',
  'inactive',
  'arsip',
]);
const TAX_WORDS: Record<string, number> = {
  standard: effectiveRate('standard'),
  standar: effectiveRate('standard'),
  biasa: effectiveRate('standard'),
  luxury: effectiveRate('luxury'),
  mewah: effectiveRate('luxury'),
  exempt: effectiveRate('exempt'),
  bebas: effectiveRate('exempt'),
  bebasppn: effectiveRate('exempt'),
};

/**
 * The dry run: every record mapped to a `ProductImportRow`, or every reason it cannot be (a row
 * may have several). SKUs and barcodes that appear twice in the file are refused on the later line.
 */
export function validateRows(table: CsvTable, mapping: ColumnMapping, options: ValidateOptions): DryRun {
  const errors: RowError[] = [...table.fileErrors];
  const valid: ValidRow[] = [];
  const bad = new Set<number>(table.fileErrors.map((e) => e.line));
  const skuLines = new Map<string, number>();
  const barcodeLines = new Map<string, number>();
  for (const record of table.records) {
    const rowErrors: RowError[] = [];
    const fail = (field: ImportField | null, reason: RowErrorReason, value: string): undefined => {
      rowErrors.push({ line: record.line, field, reason, value });
      return undefined;
    };
    if (record.cells.length !== table.headers.length) {
      fail(null, 'column_count', `${record.cells.length}/${table.headers.length}`);
    }
    const cell = (f: ImportField): string => {
      const i = mapping[f];
      return i === null ? '' : (record.cells[i] ?? '').trim();
    };
    const sku = cell('sku') || fail('sku', 'missing_value', '');
    const name = cell('name') || fail('name', 'missing_value', '');
    const price = wholeRupiah(cell('price'), (reason, v) => fail('price', reason, v), true);
    const barcodes = readBarcodes(cell('barcode'), (reason, v) => fail('barcode', reason, v));
    const taxRate = readTax(cell('taxRate'), (v) => fail('taxRate', 'bad_tax', v));
    const active = readActive(cell('active'), (v) => fail('active', 'bad_active', v));
    const stock = options.withStock
      ? wholeRupiah(cell('stock'), (reason, v) => fail('stock', reason, v), false)
      : undefined;
    const category = cell('category');
    const unit = cell('unit');
    if (rowErrors.length === 0 && sku !== undefined && name !== undefined && price !== undefined) {
      const candidate = {
        sku,
        name,
        price,
        ...(barcodes.length > 0 ? { barcodes } : {}),
        ...(category === '' ? {} : { category }),
        ...(unit === '' ? {} : { unit }),
        ...(taxRate === undefined ? {} : { taxRate }),
        ...(active === undefined ? {} : { active }),
        ...(stock === undefined ? {} : { stock }),
      };
      const checked = ProductImportRow.safeParse(candidate);
      if (!checked.success) {
        for (const issue of checked.error.issues) {
          const field = fieldOf(issue.path[0]);
          fail(field, 'invalid', field === null ? issue.message : cell(field));
        }
      } else {
        // "kopi-01" and "KOPI-01" are one product to a shop (the server matches SKUs so too).
        const skuKey = sku.toLowerCase();
        const firstSku = skuLines.get(skuKey);
        if (firstSku !== undefined) fail('sku', 'duplicate_sku', String(firstSku));
        else skuLines.set(skuKey, record.line);
        for (const b of barcodes) {
          const first = barcodeLines.get(b);
          if (first !== undefined) fail('barcode', 'duplicate_barcode', String(first));
          else barcodeLines.set(b, record.line);
        }
        if (rowErrors.length === 0) valid.push({ line: record.line, row: checked.data });
      }
    }
    if (rowErrors.length > 0) bad.add(record.line);
    errors.push(...rowErrors);
  }
  errors.sort((a, b) => a.line - b.line);
  return { valid, errors, badLines: bad.size };
}

type Fail = (reason: RowErrorReason, value: string) => undefined;

/** A whole, non-negative amount (price or stock); empty is missing for a price, absent for stock. */
function wholeRupiah(v: string, fail: Fail, required: boolean): number | undefined {
  if (v === '') return required ? fail('missing_value', '') : undefined;
  const n = parseIndonesianNumber(v);
  if (n === null) return fail('not_a_number', v);
  if (!Number.isInteger(n)) return fail('not_whole_rupiah', v);
  if (n < 0 || n > 1_000_000_000_000) return fail('out_of_range', v);
  return n;
}

/** One or more barcodes in a cell, separated by `|`, `/` or spaces. */
function readBarcodes(v: string, fail: Fail): string[] {
  if (v === '') return [];
  // Excel turns a 13-digit barcode in a number column into 8,99123E+12 and loses digits.
  if (/^\d+([.,]\d+)?e\+?\d+$/i.test(v)) {
    fail('barcode_scientific', v);
    return [];
  }
  return [...new Set(v.split(/[|/\s]+/).filter((b) => b !== ''))];
}

/** A tax rate in percent (`11`, `11%`, `0`) or a tax class name (`standar`, `mewah`, `bebas`). */
function readTax(v: string, fail: (v: string) => undefined): number | undefined {
  if (v === '') return undefined;
  const word = TAX_WORDS[v.toLowerCase().replace(/[\s_-]/g, '')];
  if (word !== undefined) return word;
  const n = parseIndonesianNumber(v);
  if (n === null || taxClassOfRate(n) === undefined) return fail(v);
  return n;
}

function readActive(v: string, fail: (v: string) => undefined): boolean | undefined {
  if (v === '') return undefined;
  const w = v.toLowerCase().replace(/[\s_-]/g, '');
  if (TRUE_WORDS.has(w)) return true;
  if (FALSE_WORDS.has(w)) return false;
  return fail(v);
}

function fieldOf(key: PropertyKey | undefined): ImportField | null {
  if (key === 'barcodes') return 'barcode';
  const known: readonly PropertyKey[] = [
    'sku',
    'name',
    'price',
    'category',
    'unit',
    'taxRate',
    'active',
    'stock',
  ];
  return known.includes(key ?? '') ? (key as ImportField) : null;
}

/** Splits the valid rows into the chunks the import route takes, for a progress bar. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
