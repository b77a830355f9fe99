import { formatRupiah } from '@kasir/protocol';
import type { LocalSale, SyncClient } from '@kasir/sync';
import type { SaleSummary } from '@kasir/protocol';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '@kasir/ui';
import { refundedOf, type ReceiptRefund } from './receipt-model.ts';

export interface SalesHistoryProps {
  readonly client: SyncClient;
  readonly syncVersion: number;
  /** This device: its own sales come back through the branch feed too and are listed once. */
  readonly deviceId: string;
  /** This till's refunds (the drawer's): a refunded or voided sale is marked in the list. */
  readonly refunds: readonly ReceiptRefund[];
  readonly onOpen: (sale: LocalSale) => void;
}

/** A sale's time as the till's language writes it. */
const times = {
  id: new Intl.DateTimeFormat('id-ID', { dateStyle: 'short', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short' }),
};

/** `YYYY-MM-DD` of an instant in this device's time zone, as a date input gives it. */
function localDay(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The instants [start, end) of the local day `YYYY-MM-DD`, as ISO strings. */
export function dayRange(day: string): [string, string] {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return [new Date(y, m - 1, d).toISOString(), new Date(y, m - 1, d + 1).toISOString()];
}

/** Both lists' sales once each, newest first. */
export function mergeNewestFirst(a: readonly LocalSale[], b: readonly LocalSale[]): LocalSale[] {
  if (b.length === 0) return [...a];
  const byId = new Map<string, LocalSale>();
  for (const s of [...a, ...b]) byId.set(s.id, s);
  return [...byId.values()].sort((x, y) => y.createdAt.localeCompare(x.createdAt));
}

/**
 * Whether a sale matches the search: part of its receipt number, or its amount (digits only,
 * "25900", "25.900" and "Rp 25.900" all find Rp 25.900).
 */
export function matchesSearch(sale: { invoiceNumber: string; total: number }, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  if (sale.invoiceNumber.toLowerCase().includes(q)) return true;
  const digits = q.replace(/[^0-9]/g, '');
  return digits !== '' && /^(rp)?[\s0-9.,]*$/.test(q) && String(sale.total) === digits;
}

/**
 * This device's sales (open one to reprint it) and other devices' sales of the branch, filtered by
 * day and searched by receipt number or amount. A section with nothing to list shows no heading.
 */
export function SalesHistory({ client, syncVersion, deviceId, refunds, onOpen }: SalesHistoryProps) {
  const { t, language } = useT();
  const time = language === 'en' ? times.en : times.id;
  const [sales, setSales] = useState<LocalSale[] | null>(null);
  const [branch, setBranch] = useState<SaleSummary[]>([]);
  const [day, setDay] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    let live = true;
    Promise.all([client.listSales(500), client.listBranchSales(500)])
      .then(([mine, all]) => {
        if (!live) return;
        const own = new Set(mine.map((s) => s.id));
        setSales(mine);
        setBranch(all.filter((s) => s.deviceId !== deviceId && !own.has(s.id)));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, syncVersion, deviceId]);
  // A chosen day also reads that day's own sales from the journal's time index: the newest 500
  // above are one day of a busy till, and the journal keeps 90. Those of them on the day show at
  // once; older ones join when read.
  const [daySales, setDaySales] = useState<readonly LocalSale[]>([]);
  useEffect(() => {
    let live = true;
    setDaySales([]);
    if (day !== '')
      client
        .listSalesBetween(...dayRange(day))
        .then((list) => live && setDaySales(list))
        .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [client, syncVersion, day]);

  const keep = (s: { createdAt: string; invoiceNumber: string; total: number }): boolean =>
    (day === '' || localDay(s.createdAt) === day) && matchesSearch(s, query);
  // Merged once per read, not on every keystroke of the search.
  const merged = useMemo(() => mergeNewestFirst(sales ?? [], daySales), [sales, daySales]);
  const mine = merged.filter(keep);
  const refundsBySale = useMemo(() => {
    const by = new Map<string, ReceiptRefund[]>();
    for (const r of refunds) by.set(r.saleId, [...(by.get(r.saleId) ?? []), r]);
    return by;
  }, [refunds]);
  const others = branch.filter(keep);
  const filtering = day !== '' || query.trim() !== '';

  return (
    <div className="history" data-testid="history">
      <div className="row history__filters">
        <label>
          {t('till.history.date')}
          <input
            type="date"
            data-testid="history-date"
            value={day}
            onChange={(e) => setDay(e.target.value)}
          />
        </label>
        <label>
          {t('till.history.search')}
          <input
            type="search"
            data-testid="history-search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            autoComplete="off"
          />
        </label>
      </div>
      {sales === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : mine.length === 0 && others.length === 0 ? (
        <p className="muted" data-testid="history-empty">
          {filtering ? t('till.history.noMatch') : t('history.empty')}
        </p>
      ) : null}
      {mine.length > 0 && (
        <>
          <h2>{t('history.title')}</h2>
          <table className="table" data-testid="own-sales">
            <tbody>
              {mine.map((s) => {
                const refunded = refundedOf(s, refundsBySale.get(s.id) ?? []);
                return (
                  <tr key={s.id} data-testid="history-row">
                    <td className="history__number">{s.invoiceNumber}</td>
                    <td className="history__time">{time.format(new Date(s.createdAt))}</td>
                    <td className="num history__total">
                      {formatRupiah(s.total)}
                      {refunded !== null && (
                        <small className="history__refunded" data-testid="history-refunded">
                          {refunded.voided
                            ? t('history.voided')
                            : refunded.all
                              ? t('history.refundedAll')
                              : t('history.refundedPart', { amount: formatRupiah(refunded.total) })}
                        </small>
                      )}
                    </td>
                    <td className="history__state">
                      <span className={`state state--${s.sync.kind}`}>
                        {s.sync.kind === 'pending'
                          ? t('receipt.pending')
                          : t(`dash.state.${s.sync.kind === 'discarded' ? 'failed' : s.sync.kind}`)}
                      </span>
                    </td>
                    <td className="history__open">
                      <button
                        type="button"
                        className="link"
                        data-testid="open-receipt"
                        onClick={() => onOpen(s)}
                      >
                        {t('history.open')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      {others.length > 0 && (
        <>
          <h2 data-testid="branch-sales-heading">{t('history.branch')}</h2>
          <table className="table" data-testid="branch-sales">
            <tbody>
              {others.map((s) => (
                <tr key={s.id} data-testid="branch-sale-row">
                  <td className="history__number">{s.invoiceNumber}</td>
                  <td className="history__time">{time.format(new Date(s.createdAt))}</td>
                  <td className="num history__total">{formatRupiah(s.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
