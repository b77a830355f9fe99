import { describe, expect, it } from 'vitest';
import { SNACK_MS, expireSnacks, pushSnack } from './snackbar-queue.ts';

describe('snackbar queue', () => {
  it('coalesces events of one kind while the snack is on screen', () => {
    const render = (n: number): string => `${n} transaksi berhasil disinkronkan`;
    let s = pushSnack([], { kind: 'synced', count: 10, render }, 0, 1);
    s = pushSnack(s, { kind: 'synced', count: 5, render }, 100, 2);
    expect(s.map((x) => x.render(x.count))).toEqual(['15 transaksi berhasil disinkronkan']);
    s = pushSnack(s, { kind: 'remoteSale', render: () => 'Transaksi baru' }, 200, 3);
    expect(s).toHaveLength(2);
  });

  it('starts over after the snack expired, and expires snacks', () => {
    const render = (n: number): string => String(n);
    let s = pushSnack([], { kind: 'synced', count: 3, render }, 0, 1);
    s = pushSnack(s, { kind: 'synced', count: 2, render }, SNACK_MS + 1, 2);
    expect(s.map((x) => x.render(x.count))).toEqual(['2']);
    expect(expireSnacks(s, 3 * SNACK_MS)).toEqual([]);
  });

  it('words a snack when it is drawn, so it follows a change of language while on screen', () => {
    let language = 'id';
    const render = (n: number): string =>
      language === 'id' ? `${n} transaksi berhasil disinkronkan` : `${n} sales synced`;
    const [snack] = pushSnack([], { kind: 'synced', count: 3, render }, 0, 1);
    language = 'en';
    expect(snack?.render(snack.count)).toBe('3 sales synced');
  });
});
