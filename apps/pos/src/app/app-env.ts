import type { PairingBackup } from '../pairing/pairing-backup.ts';
import type { KeyValueStorage } from '../common/key-value-storage.ts';

/** What the app takes from the browser, passed in by the composition root (main.tsx). */
export interface AppEnv {
  readonly storage: KeyValueStorage;
  /** The durable copy of the paired device (localStorage alone does not survive a crash). */
  readonly pairingBackup: PairingBackup;
  readonly navigator: Navigator;
  readonly fetch: (url: string, init?: RequestInit) => Promise<Response>;
  /** The page's own origin: the default server URL. */
  readonly origin: string;
  readonly print: () => void;
  readonly reload: () => void;
  /** Whether the browser agreed to keep this origin's storage. */
  readonly persisted: Promise<boolean>;
  /** Calls `onBack` whenever the device's network comes back (`online`); returns the unsubscribe. */
  readonly onNetworkBack: (onBack: () => void) => () => void;
}
