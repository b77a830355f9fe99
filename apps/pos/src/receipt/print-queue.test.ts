import { describe, expect, it } from 'vitest';
import { memoryPrintJobStore } from './print-job-store.ts';
import { PrintQueue, retryDelayMs } from './print-queue.ts';
import type { ConnectResult } from './printer-transports.ts';

/** A printer that records what it printed and fails while `broken` is set. */
function fakePrinter() {
  const printed: string[] = [];
  const state = { broken: false, connects: 0 };
  const connect = (): Promise<ConnectResult> => {
    state.connects++;
    return Promise.resolve({
      ok: true,
      printer: { kind: 'usb', label: 'fake' },
      link: {
        write: (bytes) =>
          state.broken
            ? Promise.reject(new Error('USB transfer stall'))
            : (printed.push(new TextDecoder().decode(bytes)), Promise.resolve()),
        close: () => Promise.resolve(),
      },
    });
  };
  return { printed, state, connect };
}

function queueWith(printer: ReturnType<typeof fakePrinter>, store = memoryPrintJobStore()) {
  const timers: { fn: () => void; ms: number }[] = [];
  let n = 0;
  const queue = new PrintQueue({
    store,
    connect: printer.connect,
    now: () => new Date(Date.UTC(2026, 11, 2, 7, 0, n)),
    newId: () => `job-${++n}`,
    setTimer: (fn, ms) => timers.push({ fn, ms }),
    clearTimer: () => undefined,
  });
  return { queue, timers, store };
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('print queue', () => {
  it('prints in order and empties', async () => {
    const printer = fakePrinter();
    const { queue, store } = queueWith(printer);
    await queue.enqueue('A-1', bytes('one'));
    await queue.enqueue('A-2', bytes('two'));
    expect(printer.printed).toEqual(['one', 'two']);
    expect(queue.status).toMatchObject({ queued: 0, lastError: null });
    expect(await store.all()).toEqual([]);
  });

  it('keeps a failed print queued (durably), tells why, and retries it first when the printer is back', async () => {
    const printer = fakePrinter();
    const { queue, timers, store } = queueWith(printer);
    printer.state.broken = true;
    await queue.enqueue('A-1', bytes('one'));
    await queue.enqueue('A-2', bytes('two'));
    expect(printer.printed).toEqual([]);
    expect(queue.status).toMatchObject({
      queued: 2,
      lastError: 'USB transfer stall',
      labels: ['A-1', 'A-2'],
    });
    expect((await store.all()).map((j) => [j.label, j.attempts])).toEqual([
      ['A-1', 2],
      ['A-2', 0],
    ]);
    expect(timers.at(-1)?.ms).toBe(retryDelayMs(2));

    // A reload: a new queue over the same store picks the jobs up.
    printer.state.broken = false;
    const again = queueWith(printer, store);
    await again.queue.start();
    expect(printer.printed).toEqual(['one', 'two']);
    expect(again.queue.status.queued).toBe(0);
  });

  it('retries on its timer with backoff up to a minute', async () => {
    const printer = fakePrinter();
    const { queue, timers } = queueWith(printer);
    printer.state.broken = true;
    await queue.enqueue('A-1', bytes('one'));
    printer.state.broken = false;
    timers.at(-1)!.fn();
    await queue.drain();
    expect(printer.printed).toEqual(['one']);
    expect([1, 2, 3, 10].map(retryDelayMs)).toEqual([2_000, 4_000, 8_000, 60_000]);
  });
});
