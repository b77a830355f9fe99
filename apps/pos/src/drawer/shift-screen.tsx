import { DENOMINATIONS, formatRupiah, shiftReportLines, type ShiftReport } from '@kasir/protocol';
import type { LocalSale, SyncClient } from '@kasir/sync';
import { useT } from '@kasir/ui';
import { useState } from 'react';
import { MoneyField } from '../common/money-field.tsx';
import type { DrawerState } from './drawer-store.ts';
import { PAPER_COLUMNS, ShiftReportView, shiftReportLabels } from './shift-report-view.tsx';
import { namesSomeone, type StaffGate } from './staff-gate.ts';
import type { OpenDrawerResult } from './open-drawer.ts';
import { tillShiftReport } from './till-shift-report.ts';
import { errorText } from '../common/error-text.tsx';

const DAY_MS = 86_400_000;
/** Later than any sale's ISO time: the open end of a [from, to) range. */
const END_OF_TIME = '9999-12-31T23:59:59.999Z';

export interface ShiftScreenProps {
  readonly client: SyncClient;
  readonly device: { readonly branchId: string; readonly deviceId: string; readonly deviceName: string };
  readonly drawer: DrawerState;
  readonly onDrawerChange: (next: DrawerState) => void;
  readonly staff: StaffGate;
  readonly notify: (kind: 'info' | 'error', message: string) => void;
  /** Opens the drawer without a sale (`openDrawerWithoutSale`: permission, audit, pulse). */
  readonly openDrawer: () => Promise<OpenDrawerResult>;
  /** Prints report lines on the thermal printer; 'browser' when there is none (the dialog opens). */
  readonly printReport: (label: string, lines: readonly string[]) => Promise<'queued' | 'browser'>;
  /** The paper the reports are laid out for (the till's printer's). */
  readonly paperWidth: 58 | 80;
  /** A shift was opened here (the shell goes back to the cart when the cashier came from it). */
  readonly onOpened?: () => void;
}

type Step =
  | { readonly kind: 'idle' }
  | { readonly kind: 'x'; readonly report: ShiftReport }
  | { readonly kind: 'count' }
  | { readonly kind: 'refused'; readonly unsynced: number }
  | { readonly kind: 'z'; readonly report: ShiftReport };

/**
 * The till's drawer: open a shift with a float, cash in and out with a reason, the X report at any
 * time, and the close: a blind count (entered before the expected cash is shown), refused while this
 * till holds unsynced sales unless a manager overrides, then the Z report.
 */
export function ShiftScreen({
  client,
  device,
  drawer,
  onDrawerChange,
  staff,
  notify,
  openDrawer,
  printReport,
  paperWidth,
  onOpened,
}: ShiftScreenProps) {
  const { t, language } = useT();
  const [float, setFloat] = useState(0);
  const [amount, setAmount] = useState(0);
  const [reason, setReason] = useState('');
  const [counted, setCounted] = useState(0);
  /** Pieces per note or coin, when the cashier counts that way; the total is then their sum. */
  const [pieces, setPieces] = useState<Record<string, number> | null>(null);
  const countPieces = (d: number, n: number): void => {
    const next = { ...pieces, [String(d)]: n };
    setPieces(next);
    setCounted(Object.entries(next).reduce((a, [k, v]) => a + Number(k) * v, 0));
  };
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);
  const open = drawer.open;

  /** A report to the thermal printer when the till has one, else the browser's print dialog. */
  const printShiftReport = async (report: ShiftReport): Promise<void> => {
    const lines = shiftReportLines(report, PAPER_COLUMNS[paperWidth], shiftReportLabels(t, language));
    const route = await printReport(lines[0]?.trim() ?? 'report', lines);
    if (route === 'browser') window.print();
  };

  const run = async (work: () => Promise<void>): Promise<void> => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  /**
   * The sales that can belong to the open shift: made since it opened, with a day's margin for a
   * device clock set back meanwhile (the report keeps the shift's own by id). Not the newest
   * 10,000 of a journal that holds 90 days.
   */
  const shiftSales = async (): Promise<LocalSale[]> =>
    open === null
      ? []
      : client.listSalesBetween(new Date(Date.parse(open.openedAt) - DAY_MS).toISOString(), END_OF_TIME);

  const report = async (closedAt: string | null, count: number | null): Promise<ShiftReport | null> => {
    if (open === null) return null;
    const sales = await shiftSales();
    return tillShiftReport({ shift: open, drawer, sales, device, counted: count, closedAt });
  };

  const kickDrawer = () =>
    run(async () => {
      const r = await openDrawer();
      if (r === 'denied') notify('error', t('drawer.openDrawerDenied'));
      else notify('info', t(r === 'opened' ? 'drawer.openDrawerDone' : 'drawer.openDrawerManual'));
    });

  const openShift = () =>
    run(async () => {
      const who = await staff.requirePermission('cash_move');
      if (who === null) return;
      const openedAt = new Date().toISOString();
      const r = await client.recordMutation({
        type: 'shift.open',
        payload: { openedAt, float, ...who },
      });
      if (!r.ok) return notify('error', errorText(t, r.code));
      onDrawerChange({
        ...drawer,
        open: { shiftId: r.value.mutation.id, openedAt, float },
        moves: [],
        shiftsUsed: true,
      });
      setStep({ kind: 'idle' });
      onOpened?.();
    });

  // The X report shows the expected cash: a cashier closing with a blind count must not see it first.
  const showXReport = async (): Promise<void> => {
    if ((await staff.requirePermission('x_report')) === null) return;
    const x = await report(null, null);
    if (x !== null) setStep({ kind: 'x', report: x });
  };

  const moveCash = (kind: 'in' | 'out') =>
    run(async () => {
      if (open === null || amount <= 0 || reason.trim() === '')
        return notify('error', t('drawer.needAmountReason'));
      const who = await staff.requirePermission('cash_move');
      if (who === null) return;
      const at = new Date().toISOString();
      const r = await client.recordMutation({
        type: 'cash.move',
        payload: { shiftId: open.shiftId, kind, amount, reason: reason.trim(), at, ...who },
      });
      if (!r.ok) return notify('error', errorText(t, r.code));
      const next = {
        ...drawer,
        moves: [...drawer.moves, { id: r.value.mutation.id, kind, amount, reason: reason.trim(), at }],
      };
      onDrawerChange(next);
      // An X report on screen counts this move too: a stale "expected" would mislead the next count.
      if (step.kind === 'x') {
        const sales = await shiftSales();
        setStep({
          kind: 'x',
          report: tillShiftReport({
            shift: open,
            drawer: next,
            sales,
            device,
            counted: null,
            closedAt: null,
          }),
        });
      }
      setAmount(0);
      setReason('');
      notify(
        'info',
        t(kind === 'in' ? 'drawer.cashInDone' : 'drawer.cashOutDone', { amount: formatRupiah(amount) }),
      );
    });

  const close = (override: boolean) =>
    run(async () => {
      if (open === null) return;
      const unsynced = (await shiftSales()).filter((s) => s.sync.kind !== 'synced').length;
      let who = await staff.requirePermission('cash_move');
      if (unsynced > 0) {
        if (!override) return setStep({ kind: 'refused', unsynced });
        who = await staff.requirePermission('close_shift_unsynced');
        if (!namesSomeone(who)) return notify('error', t('drawer.overrideRefused'));
      }
      if (who === null) return;
      const closedAt = new Date().toISOString();
      const z = await report(closedAt, counted);
      const r = await client.recordMutation({
        type: 'shift.close',
        payload: {
          shiftId: open.shiftId,
          closedAt,
          counted: {
            total: counted,
            ...(pieces === null
              ? {}
              : { denominations: Object.fromEntries(Object.entries(pieces).filter(([, n]) => n > 0)) }),
          },
          unsyncedSales: unsynced,
          ...who,
        },
      });
      if (!r.ok) return notify('error', errorText(t, r.code));
      onDrawerChange({ ...drawer, open: null, moves: [] });
      if (z !== null) setStep({ kind: 'z', report: z });
      setCounted(0);
      setPieces(null);
    });

  if (step.kind === 'z') {
    return (
      <div className="drawer" data-testid="shift-screen">
        <h2>{t('drawer.closedTitle')}</h2>
        <ShiftReportView report={step.report} paper={paperWidth} />
        <div className="row no-print">
          <button type="button" data-testid="z-print" onClick={() => void printShiftReport(step.report)}>
            {t('drawer.print')}
          </button>
          <button
            type="button"
            className="primary"
            data-testid="z-done"
            onClick={() => setStep({ kind: 'idle' })}
          >
            {t('common.close')}
          </button>
        </div>
      </div>
    );
  }

  if (open === null) {
    return (
      <div className="drawer" data-testid="shift-screen">
        <h2>{t('drawer.openTitle')}</h2>
        <MoneyField label={t('drawer.float')} testId="shift-float" value={float} onChange={setFloat} />
        <button
          type="button"
          className="primary"
          data-testid="shift-open"
          disabled={busy}
          onClick={() => void openShift()}
        >
          {t('drawer.open')}
        </button>
      </div>
    );
  }

  return (
    <div className="drawer" data-testid="shift-screen">
      <h2>
        {t('drawer.openSince', {
          time: new Date(open.openedAt).toLocaleTimeString(language === 'en' ? 'en-GB' : 'id-ID'),
        })}
      </h2>
      <p className="muted" data-testid="shift-float-shown">
        {t('drawer.float')}: {formatRupiah(open.float)}
      </p>
      <fieldset className="drawer__cash">
        <legend>{t('drawer.cashMove')}</legend>
        <MoneyField label={t('drawer.amount')} testId="cash-amount" value={amount} onChange={setAmount} />
        <label>
          {t('drawer.reason')}
          <input
            data-testid="cash-reason"
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <div className="row">
          <button type="button" data-testid="cash-in" disabled={busy} onClick={() => void moveCash('in')}>
            {t('drawer.cashIn')}
          </button>
          <button type="button" data-testid="cash-out" disabled={busy} onClick={() => void moveCash('out')}>
            {t('drawer.cashOut')}
          </button>
        </div>
      </fieldset>
      <div className="row">
        <button type="button" data-testid="x-report-show" onClick={() => void showXReport()}>
          {t('drawer.xReport')}
        </button>
        <button type="button" data-testid="shift-close-start" onClick={() => setStep({ kind: 'count' })}>
          {t('drawer.close')}
        </button>
        <button type="button" data-testid="open-drawer" disabled={busy} onClick={() => void kickDrawer()}>
          {t('drawer.openDrawer')}
        </button>
      </div>
      {step.kind === 'x' && (
        <>
          <ShiftReportView report={step.report} paper={paperWidth} />
          <div className="row no-print">
            <button type="button" data-testid="x-print" onClick={() => void printShiftReport(step.report)}>
              {t('drawer.print')}
            </button>
          </div>
        </>
      )}
      {(step.kind === 'count' || step.kind === 'refused') && (
        <fieldset className="drawer__count">
          <legend>{t('drawer.blindCount')}</legend>
          <p className="muted">{t('drawer.blindHint')}</p>
          <label className="drawer__toggle">
            <input
              type="checkbox"
              data-testid="count-by-denomination"
              checked={pieces !== null}
              onChange={(e) => {
                setPieces(e.target.checked ? {} : null);
                setCounted(0);
              }}
            />{' '}
            {t('drawer.byDenomination')}
          </label>
          {pieces === null ? (
            <MoneyField
              label={t('drawer.counted')}
              testId="count-total"
              value={counted}
              onChange={setCounted}
            />
          ) : (
            <div className="drawer__pieces">
              {DENOMINATIONS.map((d) => (
                <label key={d}>
                  {formatRupiah(d)}
                  <input
                    type="number"
                    min={0}
                    inputMode="numeric"
                    data-testid={`denom-${d}`}
                    value={pieces[String(d)] ?? 0}
                    onChange={(e) => countPieces(d, Math.max(0, Math.floor(Number(e.target.value) || 0)))}
                  />
                </label>
              ))}
              <p data-testid="count-pieces-total">
                {t('drawer.counted')}: <strong>{formatRupiah(counted)}</strong>
              </p>
            </div>
          )}
          {step.kind === 'refused' && (
            <p className="error" data-testid="close-refused">
              {t('drawer.unsyncedRefused', { count: step.unsynced })}
            </p>
          )}
          <div className="row">
            <button
              type="button"
              className="primary"
              data-testid="shift-close"
              disabled={busy}
              onClick={() => void close(false)}
            >
              {t('drawer.closeConfirm')}
            </button>
            {step.kind === 'refused' && (
              <button
                type="button"
                data-testid="shift-close-override"
                disabled={busy}
                onClick={() => void close(true)}
              >
                {t('drawer.override')}
              </button>
            )}
          </div>
        </fieldset>
      )}
    </div>
  );
}
