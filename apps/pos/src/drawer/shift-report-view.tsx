import { shiftReportLines, type ShiftReport, type ShiftReportLabels } from '@kasir/protocol';
import { useT } from '@kasir/ui';

/** Date and time on a report, written as the till's language writes them (`6/12/26 14.05`, `06/12/2026, 14:05`). */
const stamps = {
  id: new Intl.DateTimeFormat('id-ID', { dateStyle: 'short', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'short', timeStyle: 'short' }),
};

/** Characters a line on 58 mm and 80 mm paper. */
export const PAPER_COLUMNS = { 58: 32, 80: 48 } as const;

/** The report's labels in the till's language, for the screen and the printer alike. */
export function shiftReportLabels(
  t: (key: string, options?: Record<string, unknown>) => string,
  language: string,
): ShiftReportLabels {
  const stamp = language === 'en' ? stamps.en : stamps.id;
  return {
    title: (closed) => t(closed ? 'drawer.zTitle' : 'drawer.xTitle'),
    opened: t('drawer.opened'),
    closed: t('drawer.closed'),
    float: t('drawer.float'),
    cashSales: t('drawer.cashSales'),
    cashRefunds: t('drawer.cashRefunds'),
    cashIn: t('drawer.cashIn'),
    cashOut: t('drawer.cashOut'),
    expected: t('drawer.expected'),
    counted: t('drawer.counted'),
    difference: t('drawer.difference'),
    sales: t('drawer.sales'),
    refunds: t('drawer.refunds'),
    method: (m) => t(`pay.method.${m}`),
    refundVia: (m) => t('drawer.refundVia', { method: t(`pay.method.${m}`) }),
    time: (iso) => stamp.format(new Date(iso)),
  };
}

/** An X or Z report as it prints on the till's receipt paper. */
export function ShiftReportView({
  report,
  paper = 58,
}: {
  readonly report: ShiftReport;
  readonly paper?: 58 | 80;
}) {
  const { t, language } = useT();
  return (
    <pre className="shift-report" data-testid={report.closedAt === null ? 'x-report' : 'z-report'}>
      {shiftReportLines(report, PAPER_COLUMNS[paper], shiftReportLabels(t, language)).join('\n')}
    </pre>
  );
}
