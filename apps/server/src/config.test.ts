import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.ts';
import { DEFAULT_TRANSPORT_LIMITS, defaultMaxConnections } from './http/transport.ts';
import { trustFunction } from './http/trust-proxy.ts';

const parse = (env: Record<string, string>) => parseConfig(env, []);

describe('configuration of the HTTP hardening (issue 17)', () => {
  it('has sane defaults: timeouts on, per-address cap, no proxy trusted, no CORS, operator pages private', () => {
    const r = parse({});
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.config).toMatchObject({
      trustProxy: false,
      corsOrigins: [],
      metricsPublic: false,
      docsPublic: false,
      ...DEFAULT_TRANSPORT_LIMITS,
    });
    expect(r.config.requestTimeoutMs).toBeGreaterThan(0);
    expect(r.config.maxConnections).toBeUndefined();
    expect(defaultMaxConnections(1024)).toBe(768);
    expect(defaultMaxConnections(1_048_576)).toBe(10_000);
  });

  it('parses TRUST_PROXY as true, false, a hop count or a list of addresses', () => {
    const trust = (v: string) => {
      const r = parse({ TRUST_PROXY: v });
      return r.ok ? r.config.trustProxy : r.errors;
    };
    expect(trust('true')).toBe(true);
    expect(trust('false')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.1, 192.168.0.0/16,loopback')).toEqual(['10.0.0.1', '192.168.0.0/16', 'loopback']);
    expect(trust('proxy.example')).toEqual([expect.stringContaining('TRUST_PROXY')]);
    expect(trust('10.0.0.0/33')).toEqual([expect.stringContaining('TRUST_PROXY')]);
    // A hop count trusts that many hops from the socket (Fastify alone would trust none).
    const two = trustFunction(2);
    expect([two('1.2.3.4', 0), two('1.2.3.4', 1), two('1.2.3.4', 2)]).toEqual([true, true, false]);
    const list = trustFunction(['10.0.0.0/8']);
    expect([list('10.1.2.3', 0), list('11.0.0.1', 0)]).toEqual([true, false]);
  });

  it('parses KASIR_CORS_ORIGINS, the public flags, timeouts and caps, and refuses nonsense', () => {
    const r = parse({
      KASIR_CORS_ORIGINS: 'https://kasir.example, http://localhost:5173/',
      KASIR_METRICS_PUBLIC: '1',
      KASIR_DOCS_PUBLIC: 'true',
      KASIR_REQUEST_TIMEOUT_MS: '5000',
      KASIR_HEADERS_TIMEOUT_MS: '2000',
      KASIR_MAX_CONNECTIONS: '500',
      KASIR_MAX_CONNECTIONS_PER_ADDRESS: '0',
    });
    if (!r.ok) throw new Error(r.errors.join());
    expect(r.config).toMatchObject({
      corsOrigins: ['https://kasir.example', 'http://localhost:5173'],
      metricsPublic: true,
      docsPublic: true,
      requestTimeoutMs: 5000,
      headersTimeoutMs: 2000,
      maxConnections: 500,
      maxConnectionsPerAddress: 0,
    });
    for (const bad of [
      { KASIR_CORS_ORIGINS: 'https://kasir.example/app' },
      { KASIR_CORS_ORIGINS: '*' },
      { KASIR_METRICS_PUBLIC: 'yes' },
      { KASIR_REQUEST_TIMEOUT_MS: '-1' },
      { KASIR_REQUEST_TIMEOUT_MS: '1000', KASIR_HEADERS_TIMEOUT_MS: '2000' },
      { KASIR_MAX_CONNECTIONS: '0' },
    ]) {
      expect({ bad, ok: parse(bad).ok }).toEqual({ bad, ok: false });
    }
  });
});
