import { DEFAULT_SHOP_SETTINGS, tillBranchSettingsOf } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { branchPaymentSettingsOf, DEFAULT_BRANCH_PAYMENT_SETTINGS } from './branch-payment-settings.ts';

const branch = {
  id: 'b1',
  name: 'Toko Maju',
  address: 'Jl. Merdeka 1',
  npwp: '012345678901000',
  receiptHeader: null,
  receiptFooter: 'Terima kasih',
  timeZone: 'Asia/Makassar',
};

describe('branch payment settings from the branch feed', () => {
  it('takes enabled methods, required references, rounding, PKP and receipt texts', () => {
    const s = branchPaymentSettingsOf(
      tillBranchSettingsOf(branch, {
        ...DEFAULT_SHOP_SETTINGS,
        cashRounding: 500,
        pkp: true,
        paymentMethods: DEFAULT_SHOP_SETTINGS.paymentMethods.map((m) =>
          m.method === 'gofood'
            ? { ...m, enabled: true }
            : m.method === 'ewallet'
              ? { ...m, referenceRequired: true }
              : m,
        ),
        qrisMerchant: 'not a qris',
      }),
    );
    expect(s.methods).toEqual(['cash', 'qris', 'card', 'ewallet', 'transfer', 'gofood']);
    expect(s.referenceRequired).toEqual(['ewallet']);
    expect(s).toMatchObject({
      cashRoundingStep: 500,
      pkp: true,
      timeZone: 'Asia/Makassar',
      shopName: 'Toko Maju',
    });
    // A code that fails parseQris is never shown.
    expect(s.merchantQris).toBeNull();
  });

  it('uses the defaults until the first sync brings the settings', () => {
    expect(branchPaymentSettingsOf(null)).toBe(DEFAULT_BRANCH_PAYMENT_SETTINGS);
  });
});
