/**
 * The addresses of one Kasir deployment, in order of preference (issue 18: a device that knew one
 * server URL had nowhere to go when it failed). HTTP calls and the realtime socket use `current()`;
 * a network failure on an address moves every later call to the next one, round the list. An
 * answer from a server (any HTTP status) is not a failure: the address works.
 */
export class ServerList {
  readonly #urls: readonly string[];
  #at = 0;

  /** @param urls at least one; trailing slashes are dropped. */
  constructor(urls: readonly string[]) {
    if (urls.length === 0) throw new Error('ServerList: at least one server URL');
    this.#urls = urls.map((u) => u.replace(/\/+$/, ''));
  }

  /** The address to use now. */
  current(): string {
    return this.#urls[this.#at]!;
  }

  /** `url` could not be reached: if it is still the current one, move on to the next. */
  failed(url: string): void {
    if (url.replace(/\/+$/, '') === this.current()) this.#at = (this.#at + 1) % this.#urls.length;
  }

  get size(): number {
    return this.#urls.length;
  }
}
