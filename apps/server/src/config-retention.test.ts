import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';

const parse = (env: Record<string, string>) => parseConfig(env, []);

describe('configuration of retention (issue 18 item 3)', () => {
  it('keeps 90 days of whole outcomes and feed sales by default, run hourly', () => {
    const r = parse({});
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.config).toMatchObject({
      mutationRetentionDays: 90,
      feedRetentionDays: 90,
      retentionIntervalMinutes: 60,
    });
  });

  it('takes whole days and minutes, 0 minutes turning it off, and refuses a feed shorter than the sales window', () => {
    const r = parse({
      KASIR_MUTATION_RETENTION_DAYS: '30',
      KASIR_FEED_RETENTION_DAYS: '14',
      KASIR_RETENTION_INTERVAL_MINUTES: '0',
    });
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.config).toMatchObject({
      mutationRetentionDays: 30,
      feedRetentionDays: 14,
      retentionIntervalMinutes: 0,
    });
    for (const bad of [
      { KASIR_MUTATION_RETENTION_DAYS: '0' },
      { KASIR_MUTATION_RETENTION_DAYS: '1.5' },
      { KASIR_FEED_RETENTION_DAYS: '6' },
      { KASIR_FEED_RETENTION_DAYS: 'never' },
      { KASIR_RETENTION_INTERVAL_MINUTES: '-1' },
    ]) {
      expect({ bad, ok: parse(bad).ok }).toEqual({ bad, ok: false });
    }
  });
});
