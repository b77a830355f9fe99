import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../wait/wait-for.ts';
import { startFaultProxy } from './fault-proxy.ts';
import { httpFaults, type RequestFault } from './http-faults.ts';
import { startLinkProxy } from './link-proxy.ts';

/** A server that counts the requests it answered, by path. */
let server: Server;
let url: string;
const answered = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0]!;
    req.resume();
    req.on('end', () => {
      answered.set(path, (answered.get(path) ?? 0) + 1);
      res.end(`ok ${path}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr !== null ? addr.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const get = async (base: string, path: string, init: RequestInit = {}): Promise<string> =>
  (await fetch(`${base}${path}`, init)).text();

describe('link proxy', () => {
  it('S3: a lost response reached the server, the client hears nothing, the next request passes', async () => {
    const link = await startLinkProxy(url);
    try {
      expect(await get(link.url, '/a')).toBe('ok /a');
      link.loseNextResponse('POST /push');
      const before = answered.get('/push') ?? 0;
      await expect(get(link.url, '/push?x=1', { method: 'POST', body: 'sale' })).rejects.toThrow();
      expect(answered.get('/push')).toBe(before + 1);
      expect(link.dropped()).toBe(1);
      expect(await get(link.url, '/push', { method: 'POST', body: 'again' })).toBe('ok /push');
      expect(link.dropped()).toBe(1);
    } finally {
      await link.close();
    }
  });

  it('offline: open connections are cut, new ones refused, until it is back', async () => {
    const link = await startLinkProxy(url);
    try {
      expect(await get(link.url, '/a')).toBe('ok /a');
      link.setOnline(false);
      expect(link.isOnline()).toBe(false);
      expect(link.cut()).toBe(1); // the keep-alive connection of the first request
      await expect(get(link.url, '/a')).rejects.toThrow();
      link.setOnline(true);
      expect(await get(link.url, '/a')).toBe('ok /a');
    } finally {
      await link.close();
    }
  });

  it('a cancelled loss does not fire', async () => {
    const link = await startLinkProxy(url);
    try {
      link.loseNextResponse('GET /b');
      link.cancelLoss();
      expect(await get(link.url, '/b')).toBe('ok /b');
      expect(link.dropped()).toBe(0);
    } finally {
      await link.close();
    }
  });
});

describe('fault proxy with HTTP hooks', () => {
  it('a held response reached the server and never comes back', async () => {
    const seen: string[] = [];
    const target = new URL(url);
    const proxy = await startFaultProxy({
      target: { host: target.hostname, port: Number(target.port) },
      hooks: () =>
        httpFaults({
          onRequest(r): RequestFault {
            seen.push(`${r.method} ${r.path}`);
            return r.path === '/held' ? 'hold-response' : 'pass';
          },
        }),
    });
    try {
      const before = answered.get('/held') ?? 0;
      const held = get(proxy.url, '/held?q=1', { signal: AbortSignal.timeout(500) });
      await expect(held).rejects.toThrow();
      expect(answered.get('/held')).toBe(before + 1);
      expect(await get(proxy.url, '/free')).toBe('ok /free');
      expect(seen).toEqual(['GET /held', 'GET /free']);
    } finally {
      await proxy.close();
    }
  });
});

describe('waitFor', () => {
  it('resolves once the predicate holds', async () => {
    let n = 0;
    await waitFor(() => ++n === 3, { interval: 1 });
    expect(n).toBe(3);
  });

  it('names what it waited for when it times out', async () => {
    await expect(waitFor(() => false, { timeout: 30, message: () => 'the moon' })).rejects.toThrow(
      'timed out after 30 ms waiting for the moon',
    );
  });
});
