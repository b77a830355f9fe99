import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../db/open-database.ts';
import { reportAbuse, tally } from '../test/abuse-report.ts';
import { useTestServer } from '../test/use-test-server.ts';

/** A raw TCP connection from `localAddress`, resolved once connected. */
async function open(port: number, localAddress = '127.0.0.1'): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, localAddress });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => undefined);
  return socket;
}

/** Resolves with what the server sent and how long after `since` it closed the socket; or 'open'. */
function closedWithin(
  socket: Socket,
  ms: number,
  since = Date.now(),
): Promise<{ afterMs: number; said: string } | 'open'> {
  let said = '';
  socket.on('data', (d: Buffer) => (said += d.toString()));
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve({ afterMs: Date.now() - since, said });
    const timer = setTimeout(() => resolve('open'), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ afterMs: Date.now() - since, said });
    });
  });
}

/** GET /healthz from a given source address, on a connection of its own. */
function healthz(port: number, localAddress: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path: '/healthz', localAddress, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    req.end();
  });
}

const REQUEST_TIMEOUT_MS = 1_000;
const HEADERS_TIMEOUT_MS = 600;
const PER_ADDRESS = 12;

/**
 * Slow bodies and connection floods (issue 17, item 2): one client must not hold the server's
 * connections. The limits are small here so the test is quick; config.ts has the real defaults.
 */
export function transportAbuseContract(engine: Engine): void {
  describe(`transport abuse [${engine}]`, () => {
    const t = useTestServer(engine, {
      transport: {
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        headersTimeoutMs: HEADERS_TIMEOUT_MS,
        maxConnectionsPerAddress: PER_ADDRESS,
      },
    });

    it('a body that never completes, or headers that never end, are cut within the timeout', async () => {
      const answers: Record<string, number> = {};
      const cases = [
        // Headers done, 10 of 100 body bytes, then nothing.
        'POST /api/devices/pair HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"code":"AB',
        // A chunked body that never sends its last chunk.
        'POST /api/devices/pair HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n3\r\n{"c\r\n',
        // Headers that never end.
        'GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: 1',
      ];
      const results = await Promise.all(
        cases.map(async (head) => {
          const s = await open(t.server.port);
          const since = Date.now();
          s.write(head);
          return closedWithin(s, REQUEST_TIMEOUT_MS + 3_000, since);
        }),
      );
      for (const r of results) {
        tally(answers, r === 'open' ? 'still open' : (/^HTTP\/1\.1 (\d+)/.exec(r.said)?.[1] ?? 'closed'));
        expect(r).not.toBe('open');
        if (r !== 'open') expect(r.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2_000);
      }
      expect(answers['408']).toBeGreaterThan(0);
      expect(await healthz(t.server.port, '127.0.0.1')).toBe(200);
      reportAbuse({
        engine,
        inputClass: 'slow bodies (cut by the request/header timeout)',
        tried: cases.length,
        answers,
      });
    });

    it('connections past the per-address cap are refused; another address still gets /healthz', async () => {
      const answers: Record<string, number> = {};
      const held: Socket[] = [];
      try {
        for (let i = 0; i < PER_ADDRESS; i++) held.push(await open(t.server.port));
        const extra = [];
        for (let i = 0; i < 5; i++) {
          const s = await open(t.server.port);
          extra.push(s);
          const r = await closedWithin(s, 1_000);
          tally(answers, r === 'open' ? 'accepted past the cap' : 'refused');
          expect(r).not.toBe('open');
        }
        for (const s of extra) s.destroy();
        // The flood's address is refused even for /healthz; a second loopback address is served.
        expect(await healthz(t.server.port, '127.0.0.1')).not.toBe(200);
        const other = await healthz(t.server.port, '127.0.0.2');
        tally(answers, `healthz from another address: ${other}`);
        expect(other).toBe(200);
        // The held connections were not harmed: one of them still gets an answer.
        const first = held[0]!;
        const said = closedWithin(first, 2_000);
        first.write('GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
        const answer = await said;
        expect(answer === 'open' ? '' : answer.said).toMatch(/^HTTP\/1\.1 200/);
      } finally {
        for (const s of held) s.destroy();
      }
      // Closed connections are given back: the address is served again.
      await new Promise((r) => setTimeout(r, 100));
      expect(await healthz(t.server.port, '127.0.0.1')).toBe(200);
      reportAbuse({
        engine,
        inputClass: 'connection floods (one address past its cap)',
        tried: PER_ADDRESS + 5,
        answers,
      });
    });
  });

  describe(`transport abuse: total cap and trusted proxies [${engine}]`, () => {
    // 127.0.0.1 is a trusted proxy here: it carries many clients, so only the total cap counts it.
    const t = useTestServer(engine, {
      transport: { maxConnections: 20, maxConnectionsPerAddress: 4 },
      trustProxy: ['127.0.0.1'],
    });

    it('a trusted proxy is not held to the per-address cap, but the total cap refuses past it', async () => {
      const held: Socket[] = [];
      try {
        for (let i = 0; i < 20; i++) held.push(await open(t.server.port));
        // Give the server a moment to see them all; none was refused (4 per address does not apply).
        await new Promise((r) => setTimeout(r, 100));
        expect(held.filter((s) => s.destroyed)).toEqual([]);
        const over = await open(t.server.port);
        expect(await closedWithin(over, 1_000)).not.toBe('open');
      } finally {
        for (const s of held) s.destroy();
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(await healthz(t.server.port, '127.0.0.2')).toBe(200);
    });
  });
}
