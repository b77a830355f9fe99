import type { ProductImportBody, ProductImportResult } from '@kasir/protocol';
import { Button, formatCount, useT, type Locale } from '@kasir/ui';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useApi } from '../app/api-context.ts';
import { BranchSelect } from '../common/branch-select.tsx';
import { ErrorNote } from '../common/error-note.tsx';
import { IMPORT_FIELDS, guessMapping, missingRequired, type ColumnMapping } from './csv/columns.ts';
import { chunk, readCsv, validateRows, type CsvTable, type DryRun } from './csv/csv-import.ts';
import { Field } from '../common/field.tsx';

/** Rows per import call: small enough for a steady progress bar, big enough to be quick. */
const CHUNK = 500;

type Applied = { done: number; total: number; result: ProductImportResult; failed: unknown };

/** CSV import: choose a file, map its columns, dry run (every bad row listed), apply with progress. */
export function ImportScreen() {
  const { t, language } = useT();
  const locale = language as Locale;
  const api = useApi();
  const client = useQueryClient();
  const [table, setTable] = useState<CsvTable | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [branchId, setBranchId] = useState('');
  const [run, setRun] = useState<DryRun | null>(null);
  const [applied, setApplied] = useState<Applied | null>(null);
  /** The server's dry run of the valid rows: how many are new and how many it already has. */
  const [preview, setPreview] = useState<{ created: number; existing: number } | null>(null);
  const missing = mapping === null ? [] : missingRequired(mapping);
  const withStock = mapping?.stock !== null && mapping?.stock !== undefined;
  const canRun = table !== null && missing.length === 0 && (!withStock || branchId !== '');

  const onFile = async (file: File | undefined) => {
    if (file === undefined) return;
    const parsed = readCsv(await file.text());
    setTable(parsed);
    setMapping(guessMapping(parsed.headers));
    setRun(null);
    setApplied(null);
  };

  /** Asks the server which rows are new products and which update one (matched by SKU, any case). */
  const previewOf = async (dry: DryRun): Promise<void> => {
    setPreview(null);
    const rows = dry.valid.map((v) => v.row);
    let created = 0;
    let existing = 0;
    try {
      for (const part of chunk(rows, CHUNK)) {
        const body: ProductImportBody = { rows: part, dryRun: true, ...(withStock ? { branchId } : {}) };
        const r = await api.send<ProductImportResult>('POST', '/api/admin/products/import', body);
        created += r.created;
        existing += r.unchanged + r.updated;
      }
    } catch {
      // The split is a courtesy: without it the import still says what it did when applied.
      return;
    }
    setPreview({ created, existing });
  };

  const apply = async (dry: DryRun) => {
    const rows = dry.valid.map((v) => v.row);
    const parts = chunk(rows, CHUNK);
    const total: ProductImportResult = { created: 0, updated: 0, unchanged: 0, stockSet: 0, errors: [] };
    setApplied({ done: 0, total: rows.length, result: total, failed: null });
    let done = 0;
    for (const [i, part] of parts.entries()) {
      const body: ProductImportBody = { rows: part, ...(withStock ? { branchId } : {}) };
      try {
        const r = await api.send<ProductImportResult>('POST', '/api/admin/products/import', body);
        total.created += r.created;
        total.updated += r.updated;
        total.unchanged += r.unchanged;
        total.stockSet += r.stockSet;
        total.errors.push(...r.errors.map((e) => ({ ...e, index: e.index + i * CHUNK })));
      } catch (failed) {
        setApplied({ done, total: rows.length, result: { ...total }, failed });
        return;
      }
      done += part.length;
      setApplied({ done, total: rows.length, result: { ...total }, failed: null });
    }
    await client.invalidateQueries({ queryKey: ['products'] });
    await client.invalidateQueries({ queryKey: ['categories'] });
  };

  const lineOfIndex = useMemo(() => (run === null ? [] : run.valid.map((v) => v.line)), [run]);

  return (
    <section className="screen">
      <Link to="/products" className="back">
        {t('common.back')}
      </Link>
      <h1>{t('import.title')}</h1>
      <p className="muted">{t('import.intro')}</p>
      <div className="card">
        <Field label={t('import.file')}>
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="csv-file"
            onChange={(e) => void onFile(e.target.files?.[0])}
          />
        </Field>
        {table !== null && (
          <p className="muted" data-testid="csv-detected">
            {t('import.detected', {
              rows: formatCount(table.records.length, locale),
              delimiter: table.delimiter === '\t' ? 'tab' : table.delimiter,
            })}
          </p>
        )}
      </div>
      {table !== null && mapping !== null && (
        <div className="card">
          <h2>{t('import.mapping')}</h2>
          <div className="mapping">
            {IMPORT_FIELDS.map((field) => (
              <label key={field} className="field">
                <span>{t(`import.fields.${field}`)}</span>
                <select
                  value={mapping[field] ?? ''}
                  onChange={(e) => {
                    setMapping({
                      ...mapping,
                      [field]: e.target.value === '' ? null : Number(e.target.value),
                    });
                    setRun(null);
                  }}
                >
                  <option value="">{t('import.notImported')}</option>
                  {table.headers.map((h, i) => (
                    <option key={`${h}-${i}`} value={i}>
                      {h}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          {missing.length > 0 && (
            <p className="error">
              {t('import.missing', { fields: missing.map((f) => t(`import.fields.${f}`)).join(', ') })}
            </p>
          )}
          {withStock && (
            <>
              <BranchSelect
                value={branchId}
                onChange={setBranchId}
                allowAll={false}
                label={t('import.stockBranch')}
              />
              {branchId === '' && <p className="warning">{t('import.stockNeedsBranch')}</p>}
              {/* The column is opening stock: on products the branch already sells it replaces what
                  the ledger says now, sales since the file was made included. */}
              <p className="warning" data-testid="import-stock-warning">
                {t('import.stockReplaces')}
              </p>
            </>
          )}
          <div className="row">
            <Button
              variant="primary"
              disabled={!canRun}
              data-testid="dry-run"
              onClick={() => {
                setApplied(null);
                const dry = validateRows(table, mapping, { withStock });
                setRun(dry);
                if (dry.valid.length > 0) void previewOf(dry);
              }}
            >
              {t('import.dryRun')}
            </Button>
          </div>
        </div>
      )}
      {run !== null && (
        <div className="card" data-testid="dry-run-result">
          <p className="ok">{t('import.ok', { count: formatCount(run.valid.length, locale) })}</p>
          {preview !== null && (
            <p className="muted" data-testid="dry-run-split">
              {t('import.split', {
                created: formatCount(preview.created, locale),
                existing: formatCount(preview.existing, locale),
              })}
            </p>
          )}
          {run.badLines > 0 && (
            <p className="error">{t('import.bad', { count: formatCount(run.badLines, locale) })}</p>
          )}
          {run.errors.length > 0 && (
            <div className="table-wrap">
              <table className="table" data-testid="dry-run-errors">
                <thead>
                  <tr>
                    <th className="num">{t('import.line')}</th>
                    <th>{t('import.column')}</th>
                    <th>{t('import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {run.errors.slice(0, 1_000).map((e, i) => (
                    <tr key={`${e.line}-${i}`}>
                      <td className="num">{e.line}</td>
                      <td>{e.field === null ? '—' : t(`import.fields.${e.field}`)}</td>
                      <td>
                        {t(`import.reasons.${e.reason}`, { value: e.value })}
                        {e.value !== '' &&
                          !e.reason.startsWith('duplicate') &&
                          e.reason !== 'column_count' && <span className="reason-value">{e.value}</span>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="row">
            <Button
              variant="primary"
              data-testid="apply-import"
              // Once applied (or while applying) the same run cannot be applied again: its stock column
              // would set on-hand back to the file's figures over the sales made since. A failed
              // run may be tried again; a new file or dry run starts afresh.
              disabled={run.valid.length === 0 || (applied !== null && applied.failed === null)}
              onClick={() => void apply(run)}
            >
              {t('import.apply', { count: formatCount(run.valid.length, locale) })}
            </Button>
          </div>
          {applied !== null && (
            <div className="progress" data-testid="import-progress">
              <progress max={applied.total} value={applied.done} />
              <span>
                {applied.done < applied.total
                  ? t('import.applying', {
                      done: formatCount(applied.done, locale),
                      total: formatCount(applied.total, locale),
                    })
                  : t('import.done', applied.result)}
              </span>
              <ErrorNote error={applied.failed} />
              {applied.result.errors.length > 0 && (
                <>
                  <p className="error">{t('import.serverErrors', { count: applied.result.errors.length })}</p>
                  <ul className="plain small">
                    {applied.result.errors.slice(0, 200).map((e) => (
                      <li key={e.index}>
                        {t('import.line')} {lineOfIndex[e.index] ?? '?'}: {e.message}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
