import { useT } from '@kasir/ui';
import { useState } from 'react';
import type { Notify } from '../sync-status/use-snackbars.ts';
import { MAX_COPIES } from './printer-settings.ts';
import type { Printing } from './printing.ts';
import { availableKinds, type PrinterKind, type PrinterNavigator } from './printer-transports.ts';

export interface PrinterPanelProps {
  readonly printing: Printing;
  readonly navigator: PrinterNavigator;
  readonly paperWidth: 58 | 80;
  readonly notify: Notify;
}

/** This till's printer: choose and remember it, copies, auto-print, drawer kick, test print. */
export function PrinterPanel({ printing, navigator, paperWidth, notify }: PrinterPanelProps) {
  const { t } = useT();
  const [settings, setSettings] = useState(printing.settings());
  const kinds = availableKinds(navigator);
  const save = (next: typeof settings): void => {
    printing.update(next);
    setSettings(next);
  };
  const choose = async (kind: PrinterKind): Promise<void> => {
    const r = await printing.choose(kind);
    if (r.ok) setSettings(printing.settings());
    else if (r.reason !== 'cancelled') notify('error', t('printer.connectFailed', { message: r.message }));
  };
  return (
    <section className="card printer-panel" data-testid="printer-panel">
      <h3>{t('printer.title')}</h3>
      <p data-testid="printer-chosen">
        {settings.printer === null
          ? t('printer.none')
          : t('printer.chosen', { label: settings.printer.label })}
      </p>
      {kinds.length === 0 ? (
        <p className="muted">{t('printer.noApi')}</p>
      ) : (
        <div className="printer-panel__choose">
          {kinds.map((k) => (
            <button
              type="button"
              key={k}
              className="secondary"
              data-testid={`choose-printer-${k}`}
              onClick={() => void choose(k)}
            >
              {t(`printer.choose.${k}`)}
            </button>
          ))}
          {settings.printer !== null && (
            <button
              type="button"
              className="link link--danger"
              data-testid="forget-printer"
              onClick={() => save({ ...settings, printer: null })}
            >
              {t('printer.forget')}
            </button>
          )}
        </div>
      )}
      <label className="check">
        <input
          type="checkbox"
          data-testid="auto-print"
          checked={settings.autoPrint}
          onChange={(e) => save({ ...settings, autoPrint: e.target.checked })}
        />
        {t('printer.autoPrint')}
      </label>
      <label className="check">
        <input
          type="checkbox"
          data-testid="drawer-kick"
          checked={settings.drawerKick}
          onChange={(e) => save({ ...settings, drawerKick: e.target.checked })}
        />
        {t('printer.drawerKick')}
      </label>
      <label>
        {t('printer.language')}
        <select
          data-testid="printer-language"
          value={settings.language}
          onChange={(e) =>
            save({ ...settings, language: e.target.value === 'star-prnt' ? 'star-prnt' : 'esc-pos' })
          }
        >
          <option value="esc-pos">ESC/POS</option>
          <option value="star-prnt">StarPRNT (Star)</option>
        </select>
      </label>
      <label>
        {t('printer.copies')}
        <select
          data-testid="copies"
          value={settings.copies}
          onChange={(e) => save({ ...settings, copies: Number(e.target.value) })}
        >
          {Array.from({ length: MAX_COPIES }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="secondary"
        data-testid="test-print"
        disabled={settings.printer === null}
        onClick={() => {
          void printing
            .testPrint((k, o) => (o === undefined ? t(k) : t(k, o)), paperWidth)
            .then(() => notify('info', t('printer.sent')));
        }}
      >
        {t('printer.test')}
      </button>
    </section>
  );
}
