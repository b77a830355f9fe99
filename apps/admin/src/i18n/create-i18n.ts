import i18next, { type i18n } from 'i18next';
import { en } from './en.ts';
import { id } from './id.ts';

export type Language = 'id' | 'en';

/** A fresh i18next instance (no global one): Bahasa Indonesia unless told otherwise. */
export async function createI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: 'id',
    resources: { id: { translation: id }, en: { translation: en } },
    interpolation: { escapeValue: false },
    returnNull: false,
    returnObjects: true,
  });
  return instance;
}

const KEY = 'kasir.admin.language';

/** The language this browser chose before, or Bahasa Indonesia. */
export function savedLanguage(storage: Pick<Storage, 'getItem'>): Language {
  return storage.getItem(KEY) === 'en' ? 'en' : 'id';
}

export function saveLanguage(storage: Pick<Storage, 'setItem'>, language: Language): void {
  storage.setItem(KEY, language);
}
