import {
  CASH_ROUNDING_STEPS,
  parseQris,
  type BranchSettings,
  type BranchUpdateBody,
  type PaymentMethodSetting,
} from '@kasir/protocol';
import { useT } from '@kasir/ui';
import { Field } from '../common/field.tsx';

/** The shop-wide part of a branch's settings (protocol admin/shop-settings.ts) as a PATCH body. */
export function shopSettingsBody(b: BranchSettings): BranchUpdateBody {
  const qris = b.qrisMerchant?.trim() ?? '';
  return {
    priceMode: b.priceMode,
    paperWidth: b.paperWidth,
    cashRounding: b.cashRounding,
    quantityLimit: b.quantityLimit,
    unusualTotal: b.unusualTotal,
    pkp: b.pkp,
    receiptLanguage: b.receiptLanguage,
    requireShift: b.requireShift,
    discountApprovalPercent: b.discountApprovalPercent,
    paymentMethods: b.paymentMethods,
    qrisMerchant: qris === '' ? null : qris,
  };
}

/**
 * The branch form's shop-wide settings: what every till of the branch charges and prints with.
 * The merchant QRIS string is checked by the server (`validateQrisMerchant`), and here under its
 * field as it is typed or pasted, with the same parser: a wrong string says what is wrong where
 * it is, not as a generic "invalid" beside the save button.
 */
export function ShopSettingsFields({
  b,
  onChange,
}: {
  readonly b: BranchSettings;
  readonly onChange: (b: BranchSettings) => void;
}) {
  const { t } = useT();
  const int = (v: string): number => (/^\d+$/.test(v) ? Number(v) : 0);
  const setMethod = (m: PaymentMethodSetting): void =>
    onChange({ ...b, paymentMethods: b.paymentMethods.map((x) => (x.method === m.method ? m : x)) });
  return (
    <fieldset className="shop-settings" data-testid="shop-settings">
      <legend>{t('shop.title')}</legend>
      <p className="muted">{t('shop.hint')}</p>
      <div className="grid2">
        <Field label={t('shop.priceMode')}>
          <select
            data-testid="shop-price-mode"
            value={b.priceMode}
            onChange={(e) =>
              onChange({ ...b, priceMode: e.target.value === 'exclusive' ? 'exclusive' : 'inclusive' })
            }
          >
            <option value="inclusive">{t('shop.inclusive')}</option>
            {/* Only a PKP charges PPN, so only a PKP adds it on top (the server refuses it too). */}
            <option value="exclusive" disabled={!b.pkp}>
              {t('shop.exclusive')}
            </option>
          </select>
        </Field>
        <Field label={t('shop.paperWidth')}>
          <select
            data-testid="shop-paper-width"
            value={b.paperWidth}
            onChange={(e) => onChange({ ...b, paperWidth: e.target.value === '80' ? 80 : 58 })}
          >
            <option value="58">58 mm</option>
            <option value="80">80 mm</option>
          </select>
        </Field>
        <Field label={t('shop.cashRounding')}>
          <select
            data-testid="shop-cash-rounding"
            value={b.cashRounding}
            onChange={(e) => {
              const step = CASH_ROUNDING_STEPS.find((s) => String(s) === e.target.value);
              if (step !== undefined) onChange({ ...b, cashRounding: step });
            }}
          >
            {CASH_ROUNDING_STEPS.map((s) => (
              <option key={s} value={s}>
                {s === 0 ? t('shop.noRounding') : `Rp ${s.toLocaleString('id-ID')}`}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('shop.quantityLimit')}>
          <input
            inputMode="numeric"
            data-testid="shop-quantity-limit"
            value={b.quantityLimit}
            onChange={(e) => onChange({ ...b, quantityLimit: Math.max(1, int(e.target.value)) })}
          />
        </Field>
        <Field label={t('shop.unusualTotal')}>
          <input
            inputMode="numeric"
            data-testid="shop-unusual-total"
            value={b.unusualTotal}
            onChange={(e) => onChange({ ...b, unusualTotal: int(e.target.value) })}
          />
        </Field>
        {/* The checkbox and what it means in one cell of the grid, the hint under its box. */}
        <div>
          <label className="check">
            <input
              type="checkbox"
              data-testid="shop-pkp"
              checked={b.pkp}
              onChange={(e) =>
                onChange({
                  ...b,
                  pkp: e.target.checked,
                  ...(e.target.checked ? {} : { priceMode: 'inclusive' as const }),
                })
              }
            />
            {t('shop.pkp')}
          </label>
          {!b.pkp && (
            <p className="muted small" data-testid="shop-not-pkp">
              {t('shop.notPkp')}
            </p>
          )}
          {/* A PKP's receipts carry its NPWP: without one they print none. */}
          {b.pkp && (b.npwp ?? '') === '' && (
            <p className="warn-text small" data-testid="shop-pkp-no-npwp">
              {t('shop.pkpNoNpwp')}
            </p>
          )}
        </div>
        <Field label={t('shop.receiptLanguage')}>
          <select
            data-testid="shop-receipt-language"
            value={b.receiptLanguage}
            onChange={(e) => onChange({ ...b, receiptLanguage: e.target.value === 'en' ? 'en' : 'id' })}
          >
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </select>
        </Field>
        <Field label={t('shop.discountApproval')}>
          <input
            inputMode="numeric"
            data-testid="shop-discount-approval"
            value={b.discountApprovalPercent}
            onChange={(e) => onChange({ ...b, discountApprovalPercent: Math.min(100, int(e.target.value)) })}
          />
        </Field>
        <label className="check">
          <input
            type="checkbox"
            data-testid="shop-require-shift"
            checked={b.requireShift}
            onChange={(e) => onChange({ ...b, requireShift: e.target.checked })}
          />
          {t('shop.requireShift')}
        </label>
      </div>
      <h3>{t('shop.methods')}</h3>
      <table className="methods-table">
        <tbody>
          {b.paymentMethods.map((m) => (
            <tr key={m.method} data-testid={`shop-method-${m.method}`}>
              <th scope="row">{t(`shop.method.${m.method}`)}</th>
              <td>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={m.enabled}
                    disabled={m.method === 'cash'}
                    onChange={(e) => setMethod({ ...m, enabled: e.target.checked })}
                  />
                  {t('shop.enabled')}
                </label>
              </td>
              <td>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={m.referenceRequired}
                    disabled={m.method === 'cash'}
                    onChange={(e) => setMethod({ ...m, referenceRequired: e.target.checked })}
                  />
                  {t('shop.referenceRequired')}
                </label>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Field label={t('shop.qrisMerchant')}>
        <textarea
          rows={2}
          data-testid="shop-qris"
          value={b.qrisMerchant ?? ''}
          onChange={(e) => onChange({ ...b, qrisMerchant: e.target.value })}
        />
      </Field>
      <QrisCheck text={b.qrisMerchant ?? ''} />
    </fieldset>
  );
}

/** What the merchant QRIS being typed is: its merchant and city, or what is wrong with it. */
function QrisCheck({ text }: { readonly text: string }) {
  const { t } = useT();
  if (text.trim() === '') return null;
  const q = parseQris(text);
  return q.ok ? (
    <p className="ok small" data-testid="shop-qris-check">
      {t('shop.qrisOk', { name: q.merchantName, city: q.merchantCity })}
    </p>
  ) : (
    <p className="error small" role="alert" data-testid="shop-qris-check">
      {t(`shop.qrisErrors.${q.code}`, { tag: q.tag ?? '' })}
    </p>
  );
}
