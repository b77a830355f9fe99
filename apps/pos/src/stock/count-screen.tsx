import type { Stocktake } from '@kasir/protocol';
import type { ProductView, SyncClient } from '@kasir/sync';
import { Button, useT } from '@kasir/ui';
import { useEffect, useState } from 'react';
import { useBarcodeWedge } from '../sell/use-barcode-wedge.ts';
import type { Notify } from '../sync-status/use-snackbars.ts';
import { errorText } from '../common/error-text.tsx';
import { findTypedProduct } from './find-typed-product.ts';
import { ProductChoices } from './product-choices.tsx';
import './stock.css';

export interface CountScreenProps {
  readonly client: SyncClient;
  readonly notify: Notify;
}

/** How often the screen looks for the open stocktake the feed brought (a local read). */
const STOCKTAKE_POLL_MS = 2_000;

/**
 * Counting for the branch's open stocktake (issue 12): scan or search a product, type how many are
 * on this shelf, record. Each line is a `stocktake.count` mutation saved locally first (S1) with the
 * product's stock version here; lines of several tills add up (docs/stock-operations.md).
 */
export function CountScreen({ client, notify }: CountScreenProps) {
  const { t } = useT();
  const [stocktake, setStocktake] = useState<Stocktake | undefined>();
  const [product, setProduct] = useState<ProductView | undefined>();
  const [query, setQuery] = useState('');
  const [quantity, setQuantity] = useState(1);
  const [recorded, setRecorded] = useState<{ name: string; quantity: number }[]>([]);

  useEffect(() => {
    let live = true;
    const look = () => void client.openStocktake().then((s) => live && setStocktake(s));
    look();
    const timer = setInterval(look, STOCKTAKE_POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [client]);

  /** Several products matched what was typed: the person picks one. */
  const [choices, setChoices] = useState<readonly ProductView[]>([]);
  const take = (p: ProductView): void => {
    setProduct(p);
    setQuantity(1);
    setChoices([]);
    setQuery('');
  };
  const find = (code: string): void => {
    const text = code.trim();
    if (text === '') return;
    const found = findTypedProduct(client.catalog, text);
    if (found.kind === 'none') {
      setChoices([]);
      setQuery('');
      notify('error', t('count.unknown', { code: text }));
    } else if (found.kind === 'many') setChoices(found.products);
    else take(found.product);
  };
  useBarcodeWedge(stocktake !== undefined, find);

  const record = async (): Promise<void> => {
    if (stocktake === undefined || product === undefined || quantity === 0) return;
    const res = await client.recordMutation({
      type: 'stocktake.count',
      payload: { stocktakeId: stocktake.id, productId: product.id, quantity },
    });
    if (!res.ok) {
      notify('error', errorText(t, res.code));
      return;
    }
    setRecorded((r) => [{ name: product.name, quantity }, ...r]);
    setProduct(undefined);
  };

  if (stocktake === undefined) {
    return (
      <section className="stock-screen" data-testid="count-screen">
        <h1>{t('count.title')}</h1>
        <p className="muted" data-testid="count-none">
          {t('count.none')}
        </p>
      </section>
    );
  }
  return (
    <section className="stock-screen" data-testid="count-screen">
      <h1>{t('count.title')}</h1>
      <p className="muted">{t('count.hint')}</p>
      <form
        className="stock-scan"
        onSubmit={(e) => {
          e.preventDefault();
          find(query);
        }}
      >
        <input
          data-testid="count-search"
          placeholder={t('count.search')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <Button type="submit">{t('count.find')}</Button>
      </form>
      {choices.length > 0 && <ProductChoices products={choices} onPick={take} />}
      {product !== undefined && (
        <div className="stock-line" data-testid="count-product">
          <span className="stock-line__name">{product.name}</span>
          <label className="stock-line__qty">
            <span>{t('count.quantity')}</span>
            <input
              type="number"
              inputMode="numeric"
              data-testid="count-quantity"
              value={quantity}
              onChange={(e) => setQuantity(Math.trunc(Number(e.target.value)))}
            />
          </label>
          <Button variant="primary" data-testid="count-record" onClick={() => void record()}>
            {t('count.record')}
          </Button>
        </div>
      )}
      <ul className="stock-lines">
        {recorded.map((r, i) => (
          <li key={i} className="muted" data-testid="count-recorded">
            {r.name}: {r.quantity > 0 ? `+${r.quantity}` : r.quantity}
          </li>
        ))}
      </ul>
    </section>
  );
}
