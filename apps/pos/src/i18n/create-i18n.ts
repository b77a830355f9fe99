import { createI18n as createI18nOf } from '@kasir/ui';
import type { i18n } from 'i18next';
import { en } from './en.ts';
import { id } from './id.ts';
import type { Language } from './language.ts';

/** The till's strings in `language` (Bahasa Indonesia unless told otherwise). */
export const createI18n = (language: Language): Promise<i18n> => createI18nOf(language, { id, en });
