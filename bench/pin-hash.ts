import { webcrypto } from 'node:crypto';
import { createServer } from 'node:http';
import { hashPin, PIN_ITERATIONS, type Pbkdf2Crypto } from '@kasir/protocol';
import { launchChromium } from '@kasir/test-kit';

/**
 * `npx tsx bench/pin-hash.ts`: how long one PIN check (PBKDF2-SHA256, protocol staff/pin-hash.ts)
 * takes on the server (Node's WebCrypto) and in headless Chromium, unthrottled and with the CPU
 * slowed 4x and 6x through the DevTools protocol (Lighthouse's mobile profile uses 4x) as a
 * stand-in for a low-end Android tablet. Prints the median of 7 runs per iteration count; the
 * iteration count in docs/staff-pins.md was chosen from this output.
 */
const COUNTS = [50_000, PIN_ITERATIONS, 200_000];
const RUNS = 7;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function node(iterations: number): Promise<number> {
  const subtle = webcrypto.subtle as unknown as Pbkdf2Crypto;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await hashPin(subtle, '482913', new Uint8Array(16).fill(i), iterations);
    times.push(performance.now() - t0);
  }
  return median(times);
}

const rows: string[] = [];
for (const n of COUNTS) rows.push(`node | ${n} | ${(await node(n)).toFixed(1)} ms`);

// WebCrypto needs a secure context: a page from 127.0.0.1 is one, about:blank is not.
const http = createServer((_req, res) => res.end('<!doctype html><title>pin</title>'));
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const address = http.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
const browser = await launchChromium();
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const cdp = await page.context().newCDPSession(page);
  for (const rate of [1, 4, 6]) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    for (const n of COUNTS) {
      const ms = await page.evaluate(
        async ({ iterations, runs }) => {
          const times: number[] = [];
          for (let i = 0; i < runs; i++) {
            const t0 = performance.now();
            const key = await crypto.subtle.importKey(
              'raw',
              new TextEncoder().encode('482913'),
              'PBKDF2',
              false,
              ['deriveBits'],
            );
            await crypto.subtle.deriveBits(
              { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16).fill(i), iterations },
              key,
              256,
            );
            times.push(performance.now() - t0);
          }
          return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
        },
        { iterations: n, runs: RUNS },
      );
      rows.push(`chromium cpu/${rate} | ${n} | ${ms.toFixed(1)} ms`);
    }
  }
} finally {
  await browser.close();
  http.close();
}
console.log(`where | iterations | median of ${RUNS}\n${rows.join('\n')}`);
