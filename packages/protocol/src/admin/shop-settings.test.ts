import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SHOP_SETTINGS,
  shopSettingsFromStored,
  TillBranchSettings,
  tillBranchSettingsOf,
} from './shop-settings.ts';

describe('shop settings across versions', () => {
  it('a document stored before the receipt language and the shift rule reads Indonesian receipts, shifts optional', () => {
    const old = JSON.stringify({ priceMode: 'exclusive', pkp: true });
    expect(shopSettingsFromStored(old)).toMatchObject({
      priceMode: 'exclusive',
      pkp: true,
      receiptLanguage: 'id',
      requireShift: false,
      discountApprovalPercent: 10,
    });
    expect(
      shopSettingsFromStored(JSON.stringify({ receiptLanguage: 'en', requireShift: true })),
    ).toMatchObject({
      receiptLanguage: 'en',
      requireShift: true,
    });
  });

  it("a till parses an older server's branch_settings change (without the new fields) with their defaults", () => {
    const branch = {
      id: 'b',
      name: 'Toko',
      address: null,
      npwp: null,
      receiptHeader: null,
      receiptFooter: null,
      timeZone: 'Asia/Jakarta',
    };
    const {
      receiptLanguage: _l,
      requireShift: _s,
      ...older
    } = tillBranchSettingsOf(branch, DEFAULT_SHOP_SETTINGS);
    const parsed = TillBranchSettings.parse(older);
    expect(parsed.receiptLanguage).toBe('id');
    expect(parsed.requireShift).toBe(false);
  });
});
