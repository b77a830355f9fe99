import type { i18n } from 'i18next';
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';

/** The app's i18next instance (each app creates its own; there is no global one). */
export const I18nContext = createContext<i18n | null>(null);

export type TFunction = (key: string, options?: Record<string, unknown>) => string;

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
  const t = useCallback<TFunction>(
    (key, options) => instance.t(key, { ...options, lng: language }),
    [instance, language],
  );
  return { t, language, i18n: instance };
}
