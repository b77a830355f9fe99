import { describe, expect, it } from 'vitest';
import { createI18n } from './create-i18n.ts';
import { en } from './en.ts';
import { id } from './id.ts';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? keys(v as object, `${prefix}${k}.`)
      : [`${prefix}${k}`],
  );

describe('translations', () => {
  it('has the same keys in Bahasa Indonesia and English', () => {
    expect(keys(en)).toEqual(keys(id));
  });

  it('speaks Bahasa Indonesia by default and fills in values', async () => {
    const i18n = await createI18n('id');
    expect(i18n.t('devices.unsyncedCount', { count: 3, age: '2 jam' })).toBe('3 transaksi, tertua 2 jam');
    await i18n.changeLanguage('en');
    expect(i18n.t('nav.products')).toBe('Products');
  });

  it('counts in the singular for one, in English', async () => {
    const i18n = await createI18n('en');
    expect(i18n.t('sales.items', { count: 1 })).toBe('1 item');
    expect(i18n.t('sales.items', { count: 3 })).toBe('3 items');
    await i18n.changeLanguage('id');
    expect(i18n.t('sales.items', { count: 1 })).toBe('1 barang');
  });
});
