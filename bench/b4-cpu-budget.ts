import { readFileSync, readdirSync } from 'node:fs';
import type { Engine } from '@kasir/test-kit';
import { benchIngestion } from './b4-ingestion.ts';
import { cpuSeconds } from './lib/process-cpu.ts';

/**
 * `npx tsx bench/b4-cpu-budget.ts [postgres|sqlite] [devices=50]`: where B4's CPU goes, per sale.
 * Runs B4 twice, with 8 s and with 2 s of selling, reading every process's CPU time from /proc
 * (Linux) around each run; the difference between the two is the selling alone, without the
 * server's start and the shop's setup. Printed per party: the server process (`main.ts`),
 * PostgreSQL's backends, and this process (the benchmark's simulated devices). What a machine must
 * have for a sales rate is then the sum times the rate (docs/scaling.md).
 */
const engine = (process.argv[2] ?? 'postgres') as Engine;
const devices = Number(process.argv[3] ?? 50);

/** CPU seconds so far of every process, by party. Processes that ended are read at the last sample. */
function sample(): Map<string, { party: string; s: number }> {
  const out = new Map<string, { party: string; s: number }>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const s = cpuSeconds(Number(pid));
      const party =
        Number(pid) === process.pid
          ? 'devices (this process)'
          : cmd.startsWith('postgres')
            ? 'PostgreSQL'
            : cmd.includes('main.ts')
              ? 'server process'
              : 'other';
      out.set(pid, { party, s });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

async function measured(seconds: number): Promise<{ sales: number; cpu: Map<string, number> }> {
  const before = sample();
  let last = before;
  // The server process ends with the run: keep its last reading.
  const timer = setInterval(() => {
    last = new Map([...last, ...sample()]);
  }, 500);
  const r = await benchIngestion(engine, devices, seconds);
  clearInterval(timer);
  last = new Map([...last, ...sample()]);
  const cpu = new Map<string, number>();
  for (const [pid, { party, s }] of last)
    cpu.set(party, (cpu.get(party) ?? 0) + s - (before.get(pid)?.s ?? 0));
  return { sales: r.sales, cpu };
}

const long = await measured(8);
const short = await measured(2);
const sales = long.sales - short.sales;
console.log(`B4 ${engine}, ${devices} devices: ${sales} sales in the 6 s between the runs`);
let total = 0;
for (const [party, s] of long.cpu) {
  if (party === 'other') continue;
  const perSale = ((s - (short.cpu.get(party) ?? 0)) * 1000) / sales;
  total += perSale;
  console.log(`${party.padEnd(24)} ${perSale.toFixed(3)} ms of CPU per sale`);
}
console.log(
  `${'all'.padEnd(24)} ${total.toFixed(3)} ms of CPU per sale: ${(1000 / total).toFixed(0)} sales/s per core`,
);
