import type { SaleSummary, TillBranchSettings } from '@kasir/protocol';

/** Events for the UI besides the status line. */
export interface SyncEvents {
  /** A sale made on another device of the branch arrived (realtime or pull). */
  remoteSale: (sale: SaleSummary) => void;
  /** The server acknowledged `count` of this device's sales. */
  salesSynced: (count: number) => void;
  /** The local catalog or stock changed (pull, realtime, full sync): re-render lists. */
  catalogChanged: () => void;
  /** The branch's shop-wide settings arrived or changed (pull, realtime, full sync). */
  branchSettingsChanged: (settings: TillBranchSettings) => void;
  /** The branch's staff changed (issue 13): re-read them for PIN sign-in. */
  staffChanged: () => void;
}

/** A tiny typed emitter; a throwing listener is reported, never breaks sync. */
export class Emitter<E extends { [K in keyof E]: (...args: never[]) => void }> {
  readonly #listeners = new Map<keyof E, Set<E[keyof E]>>();

  constructor(private readonly onListenerError: (e: unknown) => void) {}

  on<K extends keyof E>(event: K, listener: E[K]): () => void {
    const set = this.#listeners.get(event) ?? new Set();
    set.add(listener);
    this.#listeners.set(event, set);
    return () => set.delete(listener);
  }

  emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
    for (const l of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (l as (...a: Parameters<E[K]>) => void)(...args);
      } catch (e) {
        this.onListenerError(e);
      }
    }
  }
}
