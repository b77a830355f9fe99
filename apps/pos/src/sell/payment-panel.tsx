import { formatRupiah, type PaymentInput, type PaymentMethod } from '@kasir/protocol';
import { useState } from 'react';
import { useT } from '@kasir/ui';
import type { Cart } from '../cart/cart-reducer.ts';
import type { BranchPaymentSettings } from '../settings/branch-payment-settings.ts';
import { quickCashAmounts, remainingDue } from './quick-cash.ts';
import { qrisReference, saleRounding } from './payment-rounding.ts';
import { QrisCode } from './qris-code.tsx';
import type { CheckQris } from './qris-confirmation.ts';
import { TextField } from '../common/text-field.tsx';
import { MoneyField } from '../common/money-field.tsx';

export interface PaymentPanelProps {
  readonly cart: Cart;
  readonly total: number;
  readonly payments: readonly PaymentInput[];
  /** The branch's methods, required references, merchant QRIS and cash rounding. */
  readonly branch: BranchPaymentSettings;
  readonly onPaymentsChange: (p: readonly PaymentInput[]) => void;
  readonly onBack: () => void;
  /** Completes the sale; `rounding` is the cash rounding to record with it. */
  readonly onComplete: (extra: { readonly rounding: number }) => void;
  readonly busy: boolean;
  /** Asks for an acquirer's confirmation of a QRIS payment (payments/ on the server). */
  readonly checkQris?: CheckQris | undefined;
}

const APPROVAL_CODE = /^[0-9A-Za-z]{1,12}$/;
const LAST4 = /^\d{4}$/;

/**
 * Payment: cash with quick amounts, rounding and change; QRIS with the dynamic code for the exact
 * amount (built offline) that the cashier confirms; card on the EDC with approval code and last 4
 * digits; e-wallet, bank transfer and the order channels; any mix of them (split payment). Only
 * cash may exceed the amount due. References are optional unless the branch requires them.
 */
export function PaymentPanel(props: PaymentPanelProps) {
  const { total, payments, onPaymentsChange, branch } = props;
  const { t } = useT();
  const methods = branch.methods.length > 0 ? branch.methods : (['cash'] as const);
  const [method, setMethod] = useState<PaymentMethod>(methods[0] ?? 'cash');
  const rounding = saleRounding(total, payments, branch, method === 'cash');
  const due = remainingDue(total + rounding, payments);
  const [amount, setAmount] = useState(due);
  const [reference, setReference] = useState('');
  const [approvalCode, setApprovalCode] = useState('');
  const [cardLast4, setCardLast4] = useState('');
  const [qrisRef, setQrisRef] = useState(() => qrisReference(new Date(), Math.random));
  const [error, setError] = useState<string | null>(null);
  const paid = payments.reduce((a, p) => a + p.amount, 0);
  const cashPaid = payments.filter((p) => p.method === 'cash').reduce((a, p) => a + p.amount, 0);
  const finalRounding = saleRounding(total, payments, branch);
  const finalTotal = total + finalRounding;
  const change = Math.max(0, paid - finalTotal);
  const overpaidNonCash = paid > finalTotal && paid - finalTotal > cashPaid;
  const complete = paid >= finalTotal && !overpaidNonCash;
  const dynamicQris = method === 'qris' && branch.merchantQris !== null;
  const required = (m: PaymentMethod): boolean => branch.referenceRequired.includes(m);

  const pick = (m: PaymentMethod): void => {
    setMethod(m);
    setAmount(remainingDue(total + saleRounding(total, payments, branch, m === 'cash'), payments));
    setError(null);
    if (m === 'qris') setQrisRef(qrisReference(new Date(), Math.random));
  };

  const add = (m: PaymentMethod, value: number): void => {
    if (value <= 0) return;
    const ref = (dynamicQris && m === 'qris' ? qrisRef : reference).trim();
    const fail = (message: string): void => setError(message);
    if (m !== 'cash' && value > due) return fail(t('pay.cashOnlyChange'));
    if (m === 'card') {
      if (cardLast4 !== '' && !LAST4.test(cardLast4)) return fail(t('pay.cardLast4Invalid'));
      if (approvalCode !== '' && !APPROVAL_CODE.test(approvalCode)) return fail(t('pay.approvalInvalid'));
      if (required('card') && approvalCode === '') {
        return fail(t('pay.referenceRequired', { method: t('pay.method.card') }));
      }
    } else if (m !== 'cash' && required(m) && ref === '') {
      return fail(t('pay.referenceRequired', { method: t(`pay.method.${m}`) }));
    }
    const payment: PaymentInput = {
      method: m,
      amount: value,
      ...(m !== 'cash' && ref !== '' ? { reference: ref } : {}),
      ...(m === 'card' && approvalCode !== '' ? { approvalCode } : {}),
      ...(m === 'card' && cardLast4 !== '' ? { cardLast4 } : {}),
    };
    const next = [...payments, payment];
    onPaymentsChange(next);
    setError(null);
    setReference('');
    setApprovalCode('');
    setCardLast4('');
    if (m === 'qris') setQrisRef(qrisReference(new Date(), Math.random));
    setAmount(remainingDue(total + saleRounding(total, next, branch, method === 'cash'), next));
  };

  return (
    <section className="payment" data-testid="payment">
      <h2>{t('pay.title')}</h2>
      <p className="payment__due">
        {t('pay.due')} <strong data-testid="due">{formatRupiah(due)}</strong>
      </p>
      <div className="methods" role="tablist">
        {methods.map((m) => (
          <button
            type="button"
            role="tab"
            key={m}
            aria-selected={m === method}
            data-testid={`method-${m}`}
            className={m === method ? 'chip chip--on' : 'chip'}
            onClick={() => pick(m)}
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
      {dynamicQris && due > 0 && branch.merchantQris !== null && amount > 0 && (
        <QrisCode
          merchantQris={branch.merchantQris}
          amount={Math.min(amount, due)}
          reference={qrisRef}
          check={props.checkQris}
          onPaid={() => add('qris', Math.min(amount, due))}
        />
      )}
      {due > 0 && (
        <form
          className="payment__form"
          noValidate
          onSubmit={(e) => {
            // Enter in the amount adds the payment, as the button does; never a QRIS confirmation:
            // that says the money arrived, which only a look at the customer's phone can tell.
            e.preventDefault();
            if (!dynamicQris) add(method, amount);
          }}
        >
          <MoneyField label={t('pay.amount')} testId="pay-amount" value={amount} onChange={setAmount} />
          {method !== 'cash' && !dynamicQris && (
            <TextField
              label={required(method) && method !== 'card' ? t('pay.reference') : t('pay.referenceOptional')}
              testId="pay-reference"
              value={reference}
              onChange={setReference}
              maxLength={100}
            />
          )}
          {method === 'card' && (
            <>
              <TextField
                label={required('card') ? t('pay.approvalCode') : t('pay.approvalCodeOptional')}
                testId="pay-approval"
                value={approvalCode}
                onChange={(v) => setApprovalCode(v.trim().toUpperCase())}
                maxLength={12}
              />
              <TextField
                label={t('pay.cardLast4')}
                testId="pay-last4"
                value={cardLast4}
                onChange={(v) => setCardLast4(v.replace(/\D/g, ''))}
                inputMode="numeric"
                maxLength={4}
              />
            </>
          )}
          {dynamicQris ? (
            <button
              type="button"
              className="primary"
              data-testid="qris-confirm"
              onClick={() => add(method, amount)}
            >
              {t('pay.qris.confirm')}
            </button>
          ) : (
            <button type="submit" data-testid="add-payment">
              {t('pay.add')}
            </button>
          )}
        </form>
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
              {p.cardLast4 ? ` · **** ${p.cardLast4}` : ''}
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
        {rounding !== 0 && (
          <>
            <dt>{t('pay.rounding')}</dt>
            <dd data-testid="rounding">{formatRupiah(rounding)}</dd>
          </>
        )}
        <dt>{t('pay.paid')}</dt>
        <dd data-testid="paid">{formatRupiah(paid)}</dd>
        <dt className="totals__total">{t('pay.change')}</dt>
        <dd className="totals__total" data-testid="change">
          {formatRupiah(complete ? change : 0)}
        </dd>
      </dl>
      {overpaidNonCash && <p className="error">{t('pay.cashOnlyChange')}</p>}
      <div className="cart__actions">
        <button type="button" className="secondary" data-testid="payment-back" onClick={props.onBack}>
          {t('pay.back')}
        </button>
        <button
          type="button"
          className="primary"
          data-testid="complete"
          disabled={!complete || props.busy}
          onClick={() => props.onComplete({ rounding: finalRounding })}
        >
          {t('pay.complete')}
        </button>
      </div>
    </section>
  );
}
