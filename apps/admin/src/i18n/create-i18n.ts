import { createI18n as createI18nOf, type Language } from '@kasir/ui';
import type { i18n } from 'i18next';
import { en } from './en.ts';
import { id } from './id.ts';

export type { Language };

/** The back office's strings in `language` (Bahasa Indonesia unless told otherwise). */
export const createI18n = (language: Language): Promise<i18n> => createI18nOf(language, { id, en });

const KEY = 'kasir.admin.language';

/** The language this browser chose before, or Bahasa Indonesia. */
export function savedLanguage(storage: Pick<Storage, 'getItem'>): Language {
  return storage.getItem(KEY) === 'en' ? 'en' : 'id';
}

export function saveLanguage(storage: Pick<Storage, 'setItem'>, language: Language): void {
  storage.setItem(KEY, language);
}
