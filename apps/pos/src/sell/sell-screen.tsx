import type { PaymentInput } from '@kasir/protocol';
import type { LocalSale, ProductView, SyncClient } from '@kasir/sync';
import { useCallback, useMemo, useState } from 'react';
import { CartPanel, type CartPanelProps } from '../cart/cart-panel.tsx';
import { cartTotals } from '../cart/cart-totals.ts';
import { useT } from '@kasir/ui';
import type { Notify } from '../sync-status/use-snackbars.ts';
import { PaymentPanel } from './payment-panel.tsx';
import { ProductPanel } from './product-panel.tsx';
import { saleDraftOf } from './sale-draft.ts';
import { useBarcodeWedge } from './use-barcode-wedge.ts';
import { useStaff } from '../staff/staff-context.tsx';
import { approveSale } from '../staff/approve-sale.ts';

/** The cart's part is the cart panel's: the screen hands it on. */
export interface SellScreenProps extends Pick<
  CartPanelProps,
  'cart' | 'dispatch' | 'held' | 'onHold' | 'onResume' | 'priceMode'
> {
  readonly client: SyncClient;
  readonly catalogVersion: number;
  readonly cashierName: string;
  readonly notify: Notify;
  /** The sale is committed locally (S1): show its receipt. */
  readonly onSold: (sale: LocalSale) => void;
}

/** Products on the left, the cart or the payment on the right; a scanner works anywhere. */
export function SellScreen(props: SellScreenProps) {
  const { client, cart, dispatch, priceMode, notify } = props;
  const { t } = useT();
  const [paying, setPaying] = useState(false);
  const [payments, setPayments] = useState<readonly PaymentInput[]>([]);
  const [busy, setBusy] = useState(false);
  const totals = useMemo(() => cartTotals(cart, priceMode), [cart, priceMode]);
  const staff = useStaff();

  const add = useCallback(
    (p: ProductView) => {
      dispatch({
        type: 'add',
        product: { productId: p.id, name: p.name, sku: p.sku, unitPrice: p.price, taxRate: p.taxRate },
      });
    },
    [dispatch],
  );
  const unknown = useCallback(
    (code: string) => notify('error', t('sell.unknownBarcode', { code })),
    [notify, t],
  );

  useBarcodeWedge(!paying, (code) => {
    const p = client.catalog.byBarcode(code);
    if (p) add(p);
    else unknown(code);
  });

  const complete = async (): Promise<void> => {
    setBusy(true);
    try {
      // A big discount or a changed price needs the right, or a supervisor's PIN (issue 13).
      const approval = await approveSale(staff, cart, (id) => client.catalog.get(id)?.price);
      if (approval === null) return;
      const r = await client.recordSale(
        saleDraftOf(cart, payments, priceMode, props.cashierName, approval.approval),
      );
      if (!r.ok) {
        notify('error', r.message);
        return;
      }
      approval.recorded(r.value.invoiceNumber, r.value.total);
      dispatch({ type: 'voidCart' });
      setPayments([]);
      setPaying(false);
      props.onSold(r.value);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sell" data-testid="sell-screen">
      <ProductPanel
        client={client}
        catalogVersion={props.catalogVersion}
        onAdd={add}
        onUnknownCode={unknown}
      />
      {paying && totals.ok && cart.lines.length > 0 ? (
        <PaymentPanel
          cart={cart}
          total={totals.totals.total}
          priceMode={priceMode}
          payments={payments}
          onPaymentsChange={setPayments}
          onBack={() => setPaying(false)}
          onComplete={() => void complete()}
          busy={busy}
        />
      ) : (
        <CartPanel
          cart={cart}
          totals={totals}
          priceMode={priceMode}
          dispatch={dispatch}
          held={props.held}
          onHold={props.onHold}
          onResume={props.onResume}
          onPay={() => {
            setPayments([]);
            setPaying(true);
          }}
        />
      )}
    </div>
  );
}
