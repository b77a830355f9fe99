import type { i18n } from 'i18next';
import { createContext, useCallback, useContext, useMemo, useSyncExternalStore } from 'react';

/** The app's i18next instance (each app creates its own; there is no global one). */
export const I18nContext = createContext<i18n | null>(null);

export type TFunction = (key: string, options?: Record<string, unknown>) => string;

/**
 * Translations already made, per instance: i18next takes 10-25 µs a call (lookup, fallback,
 * interpolation), and a screen asks for the same strings on every render, e.g. the receipt right
 * after a sale and the stock label of every product tile. Emptied when resources change.
 */
const caches = new WeakMap<i18n, Map<string, string>>();
const MAX_CACHED = 5_000;

function cacheOf(instance: i18n): Map<string, string> {
  let cache = caches.get(instance);
  if (cache === undefined) {
    const made = new Map<string, string>();
    const clear = (): void => made.clear();
    instance.store?.on('added', clear);
    instance.store?.on('removed', clear);
    instance.on('loaded', clear);
    caches.set(instance, made);
    cache = made;
  }
  return cache;
}

/** `t` in `language`, answering a call it answered before from the cache (plain option values only). */
export function translator(instance: i18n, language: string): TFunction {
  const cache = cacheOf(instance);
  return (key, options) => {
    const k = cacheKey(language, key, options);
    if (k === null) return instance.t(key, { ...options, lng: language });
    let text = cache.get(k);
    if (text === undefined) {
      if (cache.size >= MAX_CACHED) cache.clear();
      text = instance.t(key, { ...options, lng: language });
      cache.set(k, text);
    }
    return text;
  };
}

/** The key of a call in the cache; null when an option is not a plain value (not cached). */
function cacheKey(
  language: string,
  key: string,
  options: Record<string, unknown> | undefined,
): string | null {
  if (options === undefined) return `${language}\u0000${key}`;
  let k = `${language}\u0000${key}`;
  for (const [name, value] of Object.entries(options)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
    k += `\u0000${name}=${typeof value}:${String(value)}`;
  }
  return k;
}

/**
 * The translation hook: re-renders on a language change through `useSyncExternalStore`
 * (react-i18next is not used: its current version needs a newer i18next than Node 20 allows).
 */
export function useT(): { t: TFunction; language: string; i18n: i18n } {
  const instance = useContext(I18nContext);
  if (!instance) throw new Error('useT outside I18nContext');
  const subscribe = useCallback(
    (onChange: () => void) => {
      instance.on('languageChanged', onChange);
      return () => instance.off('languageChanged', onChange);
    },
    [instance],
  );
  const snapshot = (): string => instance.language;
  const language = useSyncExternalStore(subscribe, snapshot, snapshot);
  // A new function per language so memoised children re-render with the new strings.
  const t = useMemo(() => translator(instance, language), [instance, language]);
  return { t, language, i18n: instance };
}

/**
 * `t` in a language of its own, whatever the screens are in: a receipt prints in its branch's
 * language on a till whose cashier reads English.
 */
export function useFixedT(language: string): TFunction {
  const instance = useContext(I18nContext);
  if (!instance) throw new Error('useFixedT outside I18nContext');
  return useMemo(() => translator(instance, language), [instance, language]);
}
