import i18next, { type i18n, type Resource } from 'i18next';

/** The languages of both apps: Bahasa Indonesia (the default) and English. */
export type Language = 'id' | 'en';

/**
 * A fresh i18next instance (no global one) over an app's `id` and `en` strings, in `language`,
 * falling back to Bahasa Indonesia.
 */
export async function createI18n(
  language: Language,
  strings: { readonly id: Resource[string]; readonly en: Resource[string] },
): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.init({
    lng: language,
    fallbackLng: 'id',
    resources: { id: { translation: strings.id }, en: { translation: strings.en } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}
