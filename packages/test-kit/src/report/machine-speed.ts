import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * How fast this machine was at the two things the benchmarks lean on, measured when a run starts:
 * reports written on different machines (each session may get another) can then be compared.
 */
export interface MachineSpeed {
  /**
   * JSON round trips of 5,000 sale-like objects, 10 times, ms: the best of 5 (the least disturbed).
   * JavaScript work like the server's and the till's (not a hash the CPU does in hardware).
   */
  readonly cpuMs: number;
  /** A 4 KiB write and fsync in the temporary folder (where the SQLite benchmarks keep data), ms: median of 50. */
  readonly fsyncMs: number;
}

/** Measures `MachineSpeed` (about a second). */
export function machineSpeed(): MachineSpeed {
  const sales = Array.from({ length: 5_000 }, (_, i) => ({
    id: `sale-${i}`,
    invoiceNumber: `B1-T1-${String(i).padStart(6, '0')}`,
    lines: [1, 2, 3].map((n) => ({ productId: `p-${(i * n) % 997}`, quantity: n, unitPrice: 1_500 * n })),
    paid: 25_000 + i,
  }));
  let cpuMs = Infinity;
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    for (let i = 0; i < 10; i++) JSON.parse(JSON.stringify(sales));
    cpuMs = Math.min(cpuMs, performance.now() - t0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'kasir-speed-'));
  const syncs: number[] = [];
  try {
    const fd = openSync(join(dir, 'probe'), 'w');
    const page = Buffer.alloc(4096, 1);
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      writeSync(fd, page, 0, page.length, i * page.length);
      fsyncSync(fd);
      syncs.push(performance.now() - t0);
    }
    closeSync(fd);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  syncs.sort((a, b) => a - b);
  return { cpuMs, fsyncMs: syncs[Math.floor(syncs.length / 2)]! };
}

/** The report's line for `speed`. */
export function machineSpeedLine(speed: MachineSpeed): string {
  return `Speed probe at the start: 10 JSON round trips of 5,000 sales in ${speed.cpuMs.toFixed(0)} ms (best of 5), a 4 KiB write + fsync ${speed.fsyncMs.toFixed(2)} ms (median of 50); compare it before comparing reports of different machines.`;
}
