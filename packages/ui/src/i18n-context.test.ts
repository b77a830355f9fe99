import { describe, expect, it } from 'vitest';
import { createI18n } from './create-i18n.ts';
import { translator } from './i18n-context.ts';

describe('translator: i18next with a cache of what it answered', () => {
  it('answers as i18next does, from the cache the second time, per language', async () => {
    const i = await createI18n('id', {
      id: { hello: 'Halo', stock: 'Stok {{count}}' },
      en: { hello: 'Hello', stock: 'Stock {{count}}' },
    });
    const id = translator(i, 'id');
    const en = translator(i, 'en');
    expect(id('hello')).toBe('Halo');
    expect(en('hello')).toBe('Hello');
    expect(id('stock', { count: 3 })).toBe('Stok 3');
    expect(id('stock', { count: 4 })).toBe('Stok 4');
    expect(id('stock', { count: '3' })).toBe('Stok 3');
    expect(id('missing')).toBe('missing');
    // Not an option value to cache by: asked of i18next each time.
    expect(id('stock', { count: 5, context: undefined, extra: { a: 1 } })).toBe('Stok 5');
  });

  it('forgets what it answered when resources change', async () => {
    const i = await createI18n('id', { id: { hello: 'Halo' }, en: { hello: 'Hello' } });
    const t = translator(i, 'id');
    expect(t('late')).toBe('late');
    i.addResourceBundle('id', 'translation', { late: 'Terlambat' }, true, true);
    expect(t('late')).toBe('Terlambat');
    expect(translator(i, 'id')('hello')).toBe('Halo');
  });
});
