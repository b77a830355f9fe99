import { chargesPpn, formatRupiah, type BranchTax, type SaleTotals } from '@kasir/protocol';
import { useT } from '@kasir/ui';

/**
 * Subtotal, discount, PPN (included or added; none in a shop that is not a PKP) and total, as the
 * protocol computed them.
 */
export function TotalsView({
  totals,
  tax,
  cashTotal,
}: {
  readonly totals: SaleTotals;
  readonly tax: BranchTax;
  /**
   * What a customer paying in cash pays, after the branch's cash rounding; shown when it differs
   * from the total, so the cashier says the right amount before the payment screen asks for it.
   */
  readonly cashTotal?: number | undefined;
}) {
  const { t } = useT();
  return (
    <dl className="totals">
      <dt>{t('cart.subtotal')}</dt>
      <dd>{formatRupiah(totals.subtotal)}</dd>
      {totals.discount > 0 && (
        <>
          <dt>{t('cart.discount')}</dt>
          <dd>-{formatRupiah(totals.discount)}</dd>
        </>
      )}
      {chargesPpn(tax) && (
        <>
          <dt>{tax.priceMode === 'inclusive' ? t('cart.taxIncluded') : t('cart.tax')}</dt>
          <dd data-testid="cart-tax">{formatRupiah(totals.tax)}</dd>
        </>
      )}
      <dt className="totals__total">{t('cart.total')}</dt>
      <dd className="totals__total" data-testid="cart-total">
        {formatRupiah(totals.total)}
      </dd>
      {cashTotal !== undefined && cashTotal !== totals.total && (
        <>
          <dt className="muted">{t('cart.cashRounded')}</dt>
          <dd className="muted" data-testid="cart-cash-total">
            {formatRupiah(cashTotal)}
          </dd>
        </>
      )}
    </dl>
  );
}
