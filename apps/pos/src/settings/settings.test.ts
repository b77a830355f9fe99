import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../shared/key-value-storage.ts';
import { DEFAULT_SETTINGS, loadSettings, saveSettings } from './settings.ts';

describe('settings', () => {
  it('defaults to Bahasa Indonesia, 58 mm paper, tax-inclusive prices', () => {
    expect(loadSettings(memoryStorage())).toEqual(DEFAULT_SETTINGS);
  });

  it('round-trips and repairs bad fields one by one', () => {
    const s = memoryStorage();
    saveSettings(s, { ...DEFAULT_SETTINGS, language: 'en', paperWidth: 80 });
    expect(loadSettings(s)).toMatchObject({ language: 'en', paperWidth: 80 });
    s.setItem('kasir.settings', JSON.stringify({ language: 'fr', paperWidth: 99, priceMode: 'exclusive' }));
    expect(loadSettings(s)).toMatchObject({ language: 'id', paperWidth: 58, priceMode: 'exclusive' });
    s.setItem('kasir.settings', '{{{');
    expect(loadSettings(s)).toEqual(DEFAULT_SETTINGS);
  });
});
