import { DEFAULT_SHOP_SETTINGS, tillBranchSettingsOf } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../common/key-value-storage.ts';
import { DEFAULT_PREFERENCES, effectiveSettings, loadSettings, saveSettings } from './settings.ts';

const branch = tillBranchSettingsOf(
  {
    id: '0190a000-0000-7000-8000-000000000001',
    name: 'Toko',
    address: null,
    npwp: null,
    receiptHeader: 'Jl. Merdeka 1',
    receiptFooter: null,
    timeZone: 'Asia/Jakarta',
  },
  { ...DEFAULT_SHOP_SETTINGS, priceMode: 'exclusive', paperWidth: 80 },
);

describe('settings', () => {
  it('defaults to Bahasa Indonesia and the branch paper; before the first pull, the server defaults', () => {
    expect(loadSettings(memoryStorage())).toEqual(DEFAULT_PREFERENCES);
    expect(effectiveSettings(DEFAULT_PREFERENCES, null)).toMatchObject({
      language: 'id',
      paperWidth: 58,
      priceMode: 'inclusive',
      receiptHeader: '',
    });
  });

  it('round-trips and repairs bad fields one by one; old local price settings are ignored', () => {
    const s = memoryStorage();
    saveSettings(s, { language: 'en', printerPaperWidth: 58 });
    expect(loadSettings(s)).toEqual({ language: 'en', printerPaperWidth: 58 });
    s.setItem(
      'kasir.settings',
      JSON.stringify({ language: 'fr', printerPaperWidth: 99, priceMode: 'exclusive' }),
    );
    expect(loadSettings(s)).toEqual(DEFAULT_PREFERENCES);
    s.setItem('kasir.settings', '{{{');
    expect(loadSettings(s)).toEqual(DEFAULT_PREFERENCES);
  });

  it("issue 15: price mode and receipt texts are the branch's; a till overrides only its printer", () => {
    expect(effectiveSettings(DEFAULT_PREFERENCES, branch)).toMatchObject({
      priceMode: 'exclusive',
      paperWidth: 80,
      receiptHeader: 'Jl. Merdeka 1',
    });
    expect(effectiveSettings({ language: 'id', printerPaperWidth: 58 }, branch)).toMatchObject({
      priceMode: 'exclusive',
      paperWidth: 58,
    });
  });

  it('a branch without a footer of its own thanks the customer in its receipt language', () => {
    const bare = { ...branch, receiptFooter: null };
    expect(effectiveSettings(DEFAULT_PREFERENCES, bare).receiptFooter).toBe(
      'Terima kasih atas kunjungan Anda',
    );
    expect(effectiveSettings(DEFAULT_PREFERENCES, { ...bare, receiptLanguage: 'en' }).receiptFooter).toBe(
      'Thank you for shopping with us',
    );
  });
});
