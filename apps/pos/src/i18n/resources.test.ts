import { ERROR_CODES } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { errorsEn } from './errors-en.ts';
import { errorsId } from './errors-id.ts';
import { en } from './en.ts';
import { id } from './id.ts';

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
  it('English has exactly the Indonesian keys, with the same placeholders', () => {
    expect(keys(en).sort()).toEqual(keys(id).sort());
    expect(placeholders(en)).toEqual(placeholders(id));
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
