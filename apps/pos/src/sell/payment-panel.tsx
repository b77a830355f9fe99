import { formatRupiah, type PaymentInput, type PaymentMethod, type PriceMode } from '@kasir/protocol';
import { useState } from 'react';
import { useT } from '@kasir/ui';
import type { Cart } from '../cart/cart-reducer.ts';
import { paymentTotals } from '../cart/cart-totals.ts';
import { quickCashAmounts, remainingDue } from './quick-cash.ts';
import { TextField } from '../shared/text-field.tsx';
import { MoneyField } from '../shared/money-field.tsx';

const METHODS: readonly PaymentMethod[] = ['cash', 'qris', 'ewallet', 'card'];

export interface PaymentPanelProps {
  readonly cart: Cart;
  readonly total: number;
  readonly priceMode: PriceMode;
  readonly payments: readonly PaymentInput[];
  readonly onPaymentsChange: (p: readonly PaymentInput[]) => void;
  readonly onBack: () => void;
  readonly onComplete: () => void;
  readonly busy: boolean;
}

/**
 * Payment: cash with quick amounts and change, QRIS / e-wallet / EDC card with a reference, and
 * any mix of them (split payment). Only cash may exceed the amount due (the excess is change).
 */
export function PaymentPanel(props: PaymentPanelProps) {
  const { total, payments, onPaymentsChange } = props;
  const { t } = useT();
  const due = remainingDue(total, payments);
  const [method, setMethod] = useState<PaymentMethod>('cash');
  const [amount, setAmount] = useState(due);
  const [reference, setReference] = useState('');
  const [error, setError] = useState<string | null>(null);
  const result = paymentTotals(props.cart, props.priceMode, payments);
  const paid = payments.reduce((a, p) => a + p.amount, 0);

  const add = (m: PaymentMethod, value: number): void => {
    if (value <= 0) return;
    const ref = reference.trim();
    if (m !== 'cash' && ref === '') {
      setError(t('pay.referenceRequired', { method: t(`pay.method.${m}`) }));
      return;
    }
    if (m !== 'cash' && value > due) {
      setError(t('pay.cashOnlyChange'));
      return;
    }
    const next = [
      ...payments,
      m === 'cash' ? { method: m, amount: value } : { method: m, amount: value, reference: ref },
    ];
    onPaymentsChange(next);
    setError(null);
    setReference('');
    setAmount(remainingDue(total, next));
  };

  return (
    <section className="payment" data-testid="payment">
      <h2>{t('pay.title')}</h2>
      <p className="payment__due">
        {t('pay.due')} <strong data-testid="due">{formatRupiah(due)}</strong>
      </p>
      <div className="methods" role="tablist">
        {METHODS.map((m) => (
          <button
            type="button"
            role="tab"
            key={m}
            aria-selected={m === method}
            data-testid={`method-${m}`}
            className={m === method ? 'chip chip--on' : 'chip'}
            onClick={() => {
              setMethod(m);
              setAmount(due);
              setError(null);
            }}
          >
            {t(`pay.method.${m}`)}
          </button>
        ))}
      </div>
      {method === 'cash' && due > 0 && (
        <div className="quick">
          {quickCashAmounts(due).map((a) => (
            <button type="button" key={a} data-testid="quick-cash" onClick={() => add('cash', a)}>
              {formatRupiah(a)}
            </button>
          ))}
        </div>
      )}
      {due > 0 && (
        <div className="payment__form">
          <MoneyField label={t('pay.amount')} testId="pay-amount" value={amount} onChange={setAmount} />
          {method !== 'cash' && (
            <TextField
              label={t('pay.reference')}
              testId="pay-reference"
              value={reference}
              onChange={setReference}
              maxLength={100}
            />
          )}
          <button type="button" data-testid="add-payment" onClick={() => add(method, amount)}>
            {t('pay.add')}
          </button>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul className="payments" data-testid="payments">
        {payments.map((p, i) => (
          <li key={i}>
            <span>
              {t(`pay.method.${p.method}`)}
              {p.reference ? ` · ${p.reference}` : ''}
            </span>
            <span>{formatRupiah(p.amount)}</span>
            <button
              type="button"
              className="link link--danger"
              onClick={() => onPaymentsChange(payments.filter((_, j) => j !== i))}
            >
              {t('pay.remove')}
            </button>
          </li>
        ))}
      </ul>
      <dl className="totals">
        <dt>{t('cart.total')}</dt>
        <dd>{formatRupiah(total)}</dd>
        <dt>{t('pay.paid')}</dt>
        <dd data-testid="paid">{formatRupiah(paid)}</dd>
        <dt className="totals__total">{t('pay.change')}</dt>
        <dd className="totals__total" data-testid="change">
          {formatRupiah(result.ok ? result.totals.change : 0)}
        </dd>
      </dl>
      {!result.ok && result.code === 'overpaid_non_cash' && (
        <p className="error">{t('pay.cashOnlyChange')}</p>
      )}
      <div className="cart__actions">
        <button type="button" className="secondary" onClick={props.onBack}>
          {t('pay.back')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="complete"
          disabled={!result.ok || props.busy}
          onClick={props.onComplete}
        >
          {t('pay.complete')}
        </button>
      </div>
    </section>
  );
}
