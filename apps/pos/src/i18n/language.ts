export type Language = 'id' | 'en';
export const LANGUAGES: readonly Language[] = ['id', 'en'];

export function isLanguage(v: unknown): v is Language {
  return v === 'id' || v === 'en';
}
