import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/test-server.ts';
import { loggerOptions } from './log-options.ts';

/** Issue 17: a client that hangs up mid-body was logged as "database unavailable" (ECONNRESET). */
describe('client aborts', () => {
  const lines: { level: number; msg: string }[] = [];
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer('sqlite', {
      logger: loggerOptions('debug', {
        write: (l) => lines.push(JSON.parse(l) as { level: number; msg: string }),
      }),
    });
  });
  afterAll(() => t.close());

  it('logs a body cut short by the client as a client abort at info, not as the database at warn', async () => {
    const socket = connect(t.server.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(
      'POST /api/devices/pair HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"code":',
    );
    await new Promise((r) => setTimeout(r, 200));
    socket.destroy();
    await expect.poll(() => lines.some((l) => l.msg === 'client aborted the request')).toBe(true);
    expect(lines.filter((l) => l.msg === 'database unavailable')).toEqual([]);
    expect(lines.find((l) => l.msg === 'client aborted the request')?.level).toBe(30);
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });
});
