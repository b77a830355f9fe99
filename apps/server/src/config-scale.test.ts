import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';

const parse = (env: Record<string, string>) => parseConfig(env, []);

describe('configuration of several processes (issue 18)', () => {
  it('defaults: pool of 10, Redis prefix kasir, no drain delay', () => {
    const r = parse({});
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.config).toMatchObject({ databasePoolSize: 10, redisPrefix: 'kasir', drainDelayMs: 0 });
  });

  it('reads DATABASE_POOL_SIZE, KASIR_REDIS_PREFIX and KASIR_DRAIN_DELAY_MS, and refuses nonsense', () => {
    const r = parse({
      DATABASE_POOL_SIZE: '25',
      KASIR_REDIS_PREFIX: 'kasir:shop-b',
      KASIR_DRAIN_DELAY_MS: '6000',
    });
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.config).toMatchObject({ databasePoolSize: 25, redisPrefix: 'kasir:shop-b', drainDelayMs: 6000 });
    for (const bad of [
      { DATABASE_POOL_SIZE: '0' },
      { DATABASE_POOL_SIZE: 'ten' },
      { KASIR_REDIS_PREFIX: 'has space' },
      { KASIR_DRAIN_DELAY_MS: '-1' },
    ]) {
      expect({ bad, ok: parse(bad).ok }).toEqual({ bad, ok: false });
    }
  });
});
