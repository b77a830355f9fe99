import { ERROR_CODES } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { errorsEn } from './errors-en.ts';
import { errorsId } from './errors-id.ts';
import { en } from './en.ts';
import { id } from './id.ts';
import { createI18n } from './create-i18n.ts';

function keys(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function placeholders(o: object): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string')
      out.set(
        path,
        [...v.matchAll(/{{(\w+)}}/g)]
          .map((m) => m[1])
          .sort()
          .join(','),
      );
    else if (typeof v === 'object' && v !== null)
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
  };
  walk(o, '');
  return out;
}

describe('translations', () => {
  it('English has exactly the Indonesian keys (plus singulars), with the same placeholders', () => {
    const singular = (k: string): boolean => k.endsWith('_one');
    expect(
      keys(en)
        .filter((k) => !singular(k))
        .sort(),
    ).toEqual(keys(id).sort());
    // Every singular sits beside its plural and has the same placeholders.
    const enPlaceholders = placeholders(en);
    for (const k of keys(en).filter(singular)) {
      expect(keys(en)).toContain(k.slice(0, -'_one'.length));
      expect(enPlaceholders.get(`.${k}`)).toBe(enPlaceholders.get(`.${k.slice(0, -'_one'.length)}`));
    }
    expect(new Map([...enPlaceholders].filter(([k]) => !singular(k)))).toEqual(placeholders(id));
  });

  it('English says 1 sale and 2 sales; Indonesian has one form', async () => {
    const en1 = await createI18n('en');
    expect(en1.t('snack.synced', { count: 1 })).toBe('1 sale synced');
    expect(en1.t('snack.synced', { count: 2 })).toBe('2 sales synced');
    const id1 = await createI18n('id');
    expect(id1.t('snack.synced', { count: 1 })).toBe('1 transaksi berhasil disinkronkan');
  });
});

describe('error messages (issue 15 item 3)', () => {
  it('every server error code has a text in both languages, and none is the English code itself', () => {
    for (const code of ERROR_CODES) {
      expect(Object.hasOwn(errorsId, code), code).toBe(true);
      expect(Object.hasOwn(errorsEn, code), code).toBe(true);
      expect(errorsId[code as keyof typeof errorsId]).not.toBe(errorsEn[code as keyof typeof errorsEn]);
    }
  });
});
