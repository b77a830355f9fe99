/**
 * A keyboard-wedge barcode scanner "types" the code's characters quickly and presses Enter.
 * This buffer collects such keys from anywhere on the sell screen: a key that comes more than
 * `maxGapMs` after the previous one starts a new code (a person typing), and Enter hands over the
 * code when it is at least `minLength` long.
 */
export interface WedgeBuffer {
  /** Feeds one key (`KeyboardEvent.key`) at `timeMs`; returns a scanned code on Enter, else null. */
  feed(key: string, timeMs: number): string | null;
  reset(): void;
}

export function createWedgeBuffer(options: { maxGapMs?: number; minLength?: number } = {}): WedgeBuffer {
  const maxGapMs = options.maxGapMs ?? 100;
  const minLength = options.minLength ?? 4;
  let buffer = '';
  let last = -Infinity;
  return {
    feed(key, timeMs) {
      const gap = timeMs - last;
      last = timeMs;
      if (key === 'Enter') {
        const code = gap <= maxGapMs && buffer.length >= minLength ? buffer : null;
        buffer = '';
        return code;
      }
      if (!/^[0-9A-Za-z\-.]$/.test(key)) {
        buffer = '';
        return null;
      }
      buffer = gap <= maxGapMs ? buffer + key : key;
      return null;
    },
    reset() {
      buffer = '';
      last = -Infinity;
    },
  };
}
