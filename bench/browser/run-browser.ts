import { existsSync } from 'node:fs';
import { benchBrowser, CHROMIUM } from './bench-browser.ts';
import { browserSections } from './report-browser.ts';

/**
 * `npx tsx bench/browser/run-browser.ts [--sizes=5000,20000] [--runs=5] [--no-build]
 * [--history=45000,100000 | --no-history] [--no-images]`: only the browser benchmarks (B1b, B6,
 * B7 heap; with a sales history, and with pictures), printed as markdown; docs/benchmarks.md is
 * left alone.
 */
async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`[bench:browser] skipped: no Chromium at ${CHROMIUM} (apt install chromium)`);
    return;
  }
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const sizes = arg('sizes')?.split(',').map(Number);
  const runs = arg('runs');
  const history = arg('history')?.split(',').map(Number);
  const r = await benchBrowser({
    ...(sizes ? { sizes } : {}),
    ...(runs ? { runs: Number(runs) } : {}),
    build: !process.argv.includes('--no-build'),
    // `--history=2000,5000`: own sales for B1b/B6 with history, and for the storage measurement.
    ...(history ? { history: { sales: history[0] ?? 45_000, storageSales: history[1] ?? 100_000 } } : {}),
    ...(process.argv.includes('--no-history') ? { history: false as const } : {}),
    ...(process.argv.includes('--no-images') ? { images: false } : {}),
  });
  const md = browserSections(r);
  console.log([...md.b1b, ...md.b6, '## B7 — memory', ...md.b7].join('\n'));
  console.log(JSON.stringify(r));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
