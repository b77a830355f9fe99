import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createI18n } from '../i18n/create-i18n.ts';
import { I18nContext } from '@kasir/ui';
import type { Language } from '../i18n/language.ts';

/**
 * Renders a component to HTML with the translations, for tests of what a screen shows without a
 * DOM (no jsdom here): markup in, assertions on text out.
 */
export async function renderStatic<P extends object>(
  component: FunctionComponent<P>,
  props: P,
  language: Language = 'id',
): Promise<string> {
  const i18n = await createI18n(language);
  return renderToStaticMarkup(
    createElement(I18nContext.Provider, { value: i18n }, createElement(component, props)),
  );
}

/** The text of rendered markup, tags dropped and whitespace collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}
