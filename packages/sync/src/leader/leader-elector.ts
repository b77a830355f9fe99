/**
 * One syncer per device (S11). An elector tells its owner when it becomes leader (and, for the
 * lease fallback, when it stops being one); `stop()` gives leadership up.
 */
export interface LeaderElector {
  start(onChange: (leader: boolean) => void): void;
  stop(): Promise<void>;
}

/** The part of the Web Locks API (`navigator.locks`) the elector uses. */
export interface LockManagerLike {
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void>,
  ): Promise<unknown>;
}
