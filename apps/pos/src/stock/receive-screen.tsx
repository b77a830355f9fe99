import type { ProductView, SyncClient } from '@kasir/sync';
import { Button, MoneyInput, useT } from '@kasir/ui';
import { useState } from 'react';
import { useBarcodeWedge } from '../sell/use-barcode-wedge.ts';
import type { Notify } from '../sync-status/use-snackbars.ts';
import { addOne, editLine, payloadLines, removeLine, withoutCost, type DraftLine } from './receive-lines.ts';
import { ConfirmBar } from '../common/confirm-bar.tsx';
import { findTypedProduct } from './find-typed-product.ts';
import { ProductChoices } from './product-choices.tsx';
import { errorText } from '../common/error-text.tsx';
import './stock.css';

export interface ReceiveScreenProps {
  readonly client: SyncClient;
  readonly notify: Notify;
}

/**
 * A delivery received on the till (issue 12): scan or search the goods, type quantities and unit
 * costs, save. Saved locally first and synced later (S1, S2): works offline like a sale.
 */
export function ReceiveScreen({ client, notify }: ReceiveScreenProps) {
  const { t } = useT();
  const [lines, setLines] = useState<DraftLine[]>([]);
  const [query, setQuery] = useState('');
  const [reference, setReference] = useState('');
  const [saving, setSaving] = useState(false);
  /** Asking whether lines without a cost are meant to be free (bonus goods). */
  const [askFree, setAskFree] = useState(false);

  /** Several products matched what was typed: the person picks one. */
  const [choices, setChoices] = useState<readonly ProductView[]>([]);
  const take = (p: ProductView): void => {
    setLines((ls) => addOne(ls, p));
    setChoices([]);
    setQuery('');
  };
  const add = (code: string): void => {
    const text = code.trim();
    if (text === '') return;
    const found = findTypedProduct(client.catalog, text);
    if (found.kind === 'none') {
      setChoices([]);
      notify('error', t('receive.unknown', { code: text }));
    } else if (found.kind === 'many') setChoices(found.products);
    else take(found.product);
  };
  useBarcodeWedge(true, add);

  const save = async (): Promise<void> => {
    setSaving(true);
    try {
      const ref = reference.trim();
      const res = await client.recordMutation({
        type: 'stock.receive',
        payload: { ...(ref === '' ? {} : { reference: ref }), lines: payloadLines(lines) },
      });
      if (!res.ok) {
        notify('error', errorText(t, res.code));
        return;
      }
      notify('info', t('receive.saved', { count: payloadLines(lines).length }));
      setLines([]);
      setReference('');
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="stock-screen" data-testid="receive-screen">
      <h1>{t('receive.title')}</h1>
      <label className="stock-field">
        <span>{t('receive.reference')}</span>
        <input
          data-testid="receive-reference"
          value={reference}
          maxLength={80}
          onChange={(e) => setReference(e.target.value)}
        />
      </label>
      <form
        className="stock-scan"
        onSubmit={(e) => {
          e.preventDefault();
          add(query);
        }}
      >
        <input
          data-testid="receive-search"
          placeholder={t('receive.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <Button type="submit">{t('receive.add')}</Button>
      </form>
      {choices.length > 0 && <ProductChoices products={choices} onPick={take} />}
      {lines.length === 0 ? (
        <p className="muted">{t('receive.empty')}</p>
      ) : (
        <ul className="stock-lines">
          {lines.map((l) => (
            <li key={l.productId} className="stock-line stock-line--removable" data-testid="receive-line">
              <span className="stock-line__name">{l.name}</span>
              <label className="stock-line__qty">
                <span>{t('receive.quantity')}</span>
                <input
                  type="number"
                  inputMode="numeric"
                  min={0}
                  data-testid="receive-quantity"
                  value={l.quantity > 0 ? l.quantity : ''}
                  onChange={(e) =>
                    setLines((ls) =>
                      editLine(ls, l.productId, {
                        quantity: Math.max(0, Math.floor(Number(e.target.value) || 0)),
                      }),
                    )
                  }
                />
              </label>
              <label className="stock-line__qty">
                <span>{t('receive.unitCost')}</span>
                <MoneyInput
                  label={t('receive.unitCost')}
                  testId="receive-cost"
                  value={l.unitCost}
                  onChange={(unitCost) => setLines((ls) => editLine(ls, l.productId, { unitCost }))}
                />
              </label>
              <button
                type="button"
                className="link stock-line__remove"
                data-testid="receive-remove"
                aria-label={t('receive.remove', { name: l.name })}
                onClick={() => setLines((ls) => removeLine(ls, l.productId))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {askFree ? (
        <ConfirmBar
          message={t('receive.noCost', {
            names: withoutCost(lines)
              .map((l) => l.name)
              .join(', '),
          })}
          yesLabel={t('receive.noCostYes')}
          noLabel={t('receive.noCostNo')}
          yesTestId="receive-free-yes"
          onYes={() => {
            setAskFree(false);
            void save();
          }}
          onNo={() => setAskFree(false)}
        />
      ) : (
        <Button
          variant="primary"
          data-testid="receive-save"
          disabled={payloadLines(lines).length === 0 || saving}
          onClick={() => (withoutCost(lines).length > 0 ? setAskFree(true) : void save())}
        >
          {t('receive.save')}
        </Button>
      )}
    </section>
  );
}
