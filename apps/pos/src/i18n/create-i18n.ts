import i18next, { type i18n } from 'i18next';
import { en } from './en.ts';
import { id } from './id.ts';
import type { Language } from './language.ts';

/** A fresh i18next instance (no global one): Bahasa Indonesia unless told otherwise. */
export async function createI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: 'id',
    resources: { id: { translation: id }, en: { translation: en } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
