import { formatRupiah, RefundReason, type RefundMethod } from '@kasir/protocol';
import type { SyncClient } from '@kasir/sync';
import { useT } from '@kasir/ui';
import { useEffect, useState } from 'react';
import type { DrawerState, TillRefund } from '../drawer/drawer-store.ts';
import type { StaffGate } from '../drawer/staff-gate.ts';
import {
  defaultRefundMethod,
  findSale,
  leftToRefund,
  refundableSales,
  refundLines,
  taxRatesOf,
  type RefundableSale,
} from './refundable-sale.ts';
import { ConfirmBar } from '../common/confirm-bar.tsx';
import { errorText } from '../common/error-text.tsx';
import type { Printing } from '../receipt/printing.ts';
import { buildRefundReceipt, type RefundReceiptContext } from '../receipt/refund-receipt-model.ts';
import { RefundReceiptScreen } from './refund-receipt-screen.tsx';
import { refundReceiptLabels } from '../receipt/receipt-labels.ts';
import type { PaperWidth } from '../settings/settings.ts';

export interface RefundScreenProps {
  readonly client: SyncClient;
  readonly syncVersion: number;
  readonly drawer: DrawerState;
  readonly onDrawerChange: (next: DrawerState) => void;
  readonly staff: StaffGate;
  readonly notify: (kind: 'info' | 'error', message: string) => void;
  /** Who the refund receipt is from: the shop as its sale receipts name it, the till and the cashier. */
  readonly receiptFrom: Omit<RefundReceiptContext, 'nameOf' | 'copy'>;
  readonly printing: Printing;
  readonly paperWidth: PaperWidth;
  /** The browser's print dialog: the fallback when no thermal printer is set. */
  readonly print: () => void;
  /** The branch requires an open shift for refunds as for sales (`ShopSettings.requireShift`). */
  readonly requireShift: boolean;
}

/**
 * Refunds and voids, offline: find the sale by receipt number or its scanned code, or pick it from
 * the history (this till's sales and the branch's other tills'), choose lines and quantities, a
 * reason and how the money goes back; goods return to stock unless marked damaged. The refund is a
 * mutation synced exactly once; the refund receipt names the original sale.
 */
export function RefundScreen({
  client,
  syncVersion,
  drawer,
  onDrawerChange,
  staff,
  notify,
  receiptFrom,
  printing,
  paperWidth,
  print,
  requireShift,
}: RefundScreenProps) {
  const { t } = useT();
  const [sales, setSales] = useState<RefundableSale[]>([]);
  const [query, setQuery] = useState('');
  const [picked, setPicked] = useState<RefundableSale | null>(null);
  /** A void gives back the whole sale at once: asked first, with the amount, as a cart's void is. */
  const [askVoid, setAskVoid] = useState(false);
  const [qty, setQty] = useState<number[]>([]);
  const [damaged, setDamaged] = useState<boolean[]>([]);
  const [reason, setReason] = useState<RefundReason>('return');
  const [method, setMethod] = useState<RefundMethod>('cash');
  const [done, setDone] = useState<TillRefund | null>(null);
  const [busy, setBusy] = useState(false);

  // False until this device's sales are read: a search before that would say "not found" wrongly.
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let live = true;
    Promise.all([client.listSales(200), client.listBranchSales(200)])
      .then(([own, branch]) => {
        if (!live) return;
        setSales(refundableSales(own, branch, drawer.refunds));
        setLoaded(true);
      })
      .catch(() => {
        if (live) notify('error', t('refund.loadFailed'));
      });
    return () => {
      live = false;
    };
  }, [client, syncVersion, drawer.refunds, notify, t]);

  const pick = async (found: RefundableSale | undefined): Promise<void> => {
    if (found === undefined) return notify('error', t('refund.notFound'));
    // Other tills' refunds of this sale, as far as the feed brought them.
    const feed = await client.listBranchRefunds(found.id);
    const s = { ...found, left: leftToRefund(found, [...drawer.refunds, ...feed]) };
    setPicked(s);
    setAskVoid(false);
    setQty(s.lines.map(() => 0));
    setDamaged(s.lines.map(() => false));
    setMethod(defaultRefundMethod(s, drawer.open !== null));
    setDone(null);
  };

  // Every line already went back (by this till or, as far as the feed brought them, by others).
  const nothingLeft = picked !== null && picked.left.every((q) => q === 0);
  // The branch wants every refund in a drawer's report: none without an open shift.
  const shiftMissing = requireShift && drawer.open === null;
  const name = (productId: string): string => client.catalog.get(productId)?.name ?? productId.slice(0, 8);

  const submit = async (isVoid: boolean): Promise<void> => {
    if (picked === null) return;
    const lines = refundLines(picked, isVoid ? picked.left : qty).map((l) => ({
      ...l,
      damaged: !isVoid && (damaged[l.saleLineNo] ?? false),
    }));
    if (lines.length === 0) return notify('error', t('refund.nothing'));
    if (shiftMissing) return notify('error', t('drawer.shiftRequired'));
    setBusy(true);
    try {
      const who = await staff.requirePermission(isVoid ? 'void_sale' : 'refund');
      if (who === null) return;
      const shiftId = drawer.open?.shiftId ?? null;
      // Cash leaves the drawer: without an open shift only the original method is possible.
      const how: RefundMethod = shiftId === null ? 'original' : method;
      const payload = {
        saleId: picked.id,
        createdAt: new Date().toISOString(),
        reason: isVoid ? ('void' as const) : reason,
        method: how,
        lines,
        shiftId,
        ...who,
      };
      const r = await client.recordMutation({ type: 'refund.create', payload });
      if (!r.ok) return notify('error', errorText(t, r.code));
      const refund: TillRefund = {
        ...payload,
        id: r.value.mutation.id,
        invoiceNumber: picked.invoiceNumber,
        total: lines.reduce((a, l) => a + l.amount, 0),
        paidWith: picked.methods,
        ...taxRatesOf(picked, lines),
      };
      // A void is the classic way to pocket a paid sale: the audit log names it, who did it and
      // who approved, also on a till without staff PINs (nobody signed in).
      if (isVoid)
        staff.audit('void_sale', {
          ...(who.approvedBy === undefined ? {} : { approvedBy: who.approvedBy }),
          entityId: picked.invoiceNumber,
          details: { total: refund.total, method: how },
        });
      onDrawerChange({ ...drawer, refunds: [...drawer.refunds, refund] });
      setDone(refund);
      setPicked(null);
    } finally {
      setBusy(false);
    }
  };

  if (done !== null) {
    return (
      <RefundReceiptScreen
        receipt={buildRefundReceipt(done, {
          ...receiptFrom,
          nameOf: (id) => client.catalog.get(id)?.name,
          copy: false,
        })}
        paperWidth={paperWidth}
        printing={printing}
        print={print}
        onClose={() => setDone(null)}
      />
    );
  }

  return (
    <div className="refund" data-testid="refund-screen">
      <h2>{t('refund.title')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          // Enter in the box submits too: not before the sales are read (the button waits likewise).
          if (loaded) void pick(findSale(sales, query));
        }}
      >
        <input
          data-testid="refund-search"
          placeholder={t('refund.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="submit" data-testid="refund-find" disabled={!loaded}>
          {t('refund.find')}
        </button>
      </form>
      {picked === null ? (
        <ul className="refund__list" data-testid="refund-history" data-loaded={loaded}>
          {sales.slice(0, 30).map((s) => (
            <li key={s.id}>
              <button type="button" className="link" data-testid="refund-pick" onClick={() => void pick(s)}>
                {s.invoiceNumber}
              </button>{' '}
              <span className="muted">
                {formatRupiah(s.total)}
                {s.deviceName === null ? '' : ` · ${s.deviceName}`}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <div className="refund__sale" data-testid="refund-sale">
          <h3 data-testid="refund-sale-number">{picked.invoiceNumber}</h3>
          {picked.methods.length > 0 && (
            <p className="muted" data-testid="refund-paid-by">
              {t('refund.paidBy', {
                total: formatRupiah(picked.total),
                methods: picked.methods.map((m) => t(`pay.method.${m}`)).join(', '),
              })}
            </p>
          )}
          <table>
            <tbody>
              {picked.lines.map((l, i) => (
                <tr key={i}>
                  <td>
                    {name(l.productId)}
                    {/* What the customer paid for the line: the cashier sees what goes back per line. */}
                    <br />
                    <small className="muted" data-testid={`refund-line-paid-${i}`}>
                      {t('refund.bought', { count: l.quantity, amount: formatRupiah(l.amount) })}
                    </small>
                  </td>
                  <td className="muted">{t('refund.left', { count: picked.left[i] ?? 0 })}</td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      max={picked.left[i] ?? 0}
                      data-testid={`refund-qty-${i}`}
                      aria-label={t('refund.quantity')}
                      value={qty[i] ?? 0}
                      onChange={(e) =>
                        setQty(
                          qty.map((q, k) =>
                            k === i ? Math.max(0, Math.floor(Number(e.target.value) || 0)) : q,
                          ),
                        )
                      }
                    />
                  </td>
                  <td>
                    <label>
                      <input
                        type="checkbox"
                        data-testid={`refund-damaged-${i}`}
                        checked={damaged[i] ?? false}
                        onChange={(e) => setDamaged(damaged.map((d, k) => (k === i ? e.target.checked : d)))}
                      />{' '}
                      {t('refund.damaged')}
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" data-testid="refund-all" onClick={() => setQty([...picked.left])}>
            {t('refund.all')}
          </button>
          <label>
            {t('refund.reason')}
            <select
              data-testid="refund-reason"
              value={reason}
              onChange={(e) => setReason(RefundReason.parse(e.target.value))}
            >
              {RefundReason.options
                .filter((r) => r !== 'void')
                .map((r) => (
                  <option key={r} value={r}>
                    {t(`refund.reasons.${r}`)}
                  </option>
                ))}
            </select>
          </label>
          <fieldset>
            <legend>{t('refund.method')}</legend>
            {(['cash', 'original'] as const).map((m) => (
              <label key={m}>
                <input
                  type="radio"
                  name="refund-method"
                  data-testid={`refund-method-${m}`}
                  checked={method === m}
                  disabled={m === 'cash' && drawer.open === null}
                  onChange={() => setMethod(m)}
                />{' '}
                {m === 'cash' ? t('refund.methodCash') : refundReceiptLabels(t).method(m, picked.methods)}
              </label>
            ))}
            {drawer.open === null && (
              <small className="muted" data-testid="refund-cash-needs-shift">
                {t('refund.cashNeedsShift')}
              </small>
            )}
          </fieldset>
          <p>
            {t('refund.amount')}{' '}
            <strong data-testid="refund-amount">
              {formatRupiah(refundLines(picked, qty).reduce((sum, l) => sum + l.amount, 0))}
            </strong>
          </p>
          {shiftMissing && (
            <p className="warning" role="status" data-testid="refund-shift-required">
              {t('drawer.shiftRequired')}
            </p>
          )}
          {nothingLeft && (
            <p className="warning" role="status" data-testid="refund-nothing-left">
              {t('refund.nothingLeft')}
            </p>
          )}
          {askVoid ? (
            <ConfirmBar
              message={t('refund.voidConfirm', {
                number: picked.invoiceNumber,
                amount: formatRupiah(refundLines(picked, picked.left).reduce((sum, l) => sum + l.amount, 0)),
                how:
                  method === 'cash' && drawer.open !== null
                    ? t('refund.methodCash')
                    : refundReceiptLabels(t).method('original', picked.methods),
              })}
              yesLabel={t('refund.void')}
              noLabel={t('refund.back')}
              yesTestId="refund-void-yes"
              onYes={() => {
                setAskVoid(false);
                void submit(true);
              }}
              onNo={() => setAskVoid(false)}
            />
          ) : (
            <div className="row">
              <button
                type="button"
                className="primary"
                data-testid="refund-submit"
                disabled={busy || nothingLeft || shiftMissing}
                onClick={() => void submit(false)}
              >
                {t('refund.submit')}
              </button>
              <button
                type="button"
                className="danger"
                data-testid="refund-void"
                disabled={busy || nothingLeft || shiftMissing}
                onClick={() => setAskVoid(true)}
              >
                {t('refund.void')}
              </button>
              <button type="button" className="link" onClick={() => setPicked(null)}>
                {t('refund.back')}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
