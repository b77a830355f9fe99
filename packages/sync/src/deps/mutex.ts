/**
 * Runs async sections one at a time, in call order. The engine uses one for everything that reads
 * and advances the local cursor (pull pages, realtime events, full sync) so that two writers never
 * interleave and a cursor never moves backwards.
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(section, section);
    // The chain must survive a failed section; the caller still sees the failure.
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
