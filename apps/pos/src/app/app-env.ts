import type { KeyValueStorage } from '../shared/key-value-storage.ts';

/** What the app takes from the browser, passed in by the composition root (main.tsx). */
export interface AppEnv {
  readonly storage: KeyValueStorage;
  readonly navigator: Navigator;
  readonly fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** The page's own origin: the default server URL. */
  readonly origin: string;
  readonly print: () => void;
  readonly reload: () => void;
  /** Whether the browser agreed to keep this origin's storage. */
  readonly persisted: Promise<boolean>;
}
