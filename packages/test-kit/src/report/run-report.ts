import { execSync } from 'node:child_process';
import { cpus, totalmem, type as osType, release } from 'node:os';

/** What benchmark and fault reports say about the run: the machine, the commit, markdown tables. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly node: string;
}

/** The machine this process runs on. */
export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
  };
}

/** The short commit of the work tree, marked when it has uncommitted changes outside docs/. */
export function commit(): string {
  try {
    const sha = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    // Reports a run writes into docs/ do not make the code it measured any different.
    const dirty =
      execSync("git status --porcelain --untracked-files=no -- . ':!docs'", { encoding: 'utf8' }).trim() !==
      '';
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

/** A markdown table from rows of cells. */
export function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Milliseconds for a table cell: one decimal below 100. */
export const ms = (x: number): string => (Number.isNaN(x) ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** "met" / "MISSED" against an upper (or lower) bound. */
export function verdict(value: number, target: number, better: 'lower' | 'higher' = 'lower'): string {
  const ok = better === 'lower' ? value <= target : value >= target;
  return ok ? 'met' : '**MISSED**';
}
