import { spawn, type ChildProcess } from 'node:child_process';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@kasir/test-kit';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/**
 * A Chromium the test starts itself, as a process group of its own, on a persistent profile, so
 * that it can be killed with SIGKILL like a device losing power or an OS killing the app, and
 * started again on the same profile (IndexedDB, localStorage, service worker) afterwards.
 */
export interface ChromiumProcess {
  readonly pid: number;
  readonly browser: Browser;
  /** The profile's default context (the one that persists). */
  readonly context: BrowserContext;
  /** `kill -9` of the whole process group; resolves once no process of the group is left. */
  kill9(): Promise<void>;
  /** A clean shutdown (end of test). */
  close(): Promise<void>;
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGroupGone(pid: number, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (groupAlive(pid)) {
    if (Date.now() > end) throw new Error(`chromium process group ${pid} still alive`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The DevTools endpoint Chromium prints on stderr with `--remote-debugging-port=0`. */
function devtoolsEndpoint(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`chromium did not start: ${err.slice(-2000)}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`chromium exited (${code}) before listening: ${err.slice(-2000)}`));
    });
  });
}

/** Starts headless Chromium on `userDataDir` and connects to it over CDP. */
export async function launchChromiumProcess(userDataDir: string): Promise<ChromiumProcess> {
  const child = spawn(
    CHROMIUM_PATH,
    [...CHROMIUM_ARGS, `--user-data-dir=${userDataDir}`, '--remote-debugging-port=0', 'about:blank'],
    // detached: a process group of its own, so kill(-pid) reaches the renderers and utilities too.
    { detached: true, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('chromium did not spawn');
  try {
    const ws = await devtoolsEndpoint(child, 30_000);
    const browser = await chromium.connectOverCDP(ws);
    const context = browser.contexts()[0];
    if (context === undefined) throw new Error('no default context');
    return {
      pid,
      browser,
      context,
      async kill9() {
        process.kill(-pid, 'SIGKILL');
        await waitGroupGone(pid, 10_000);
      },
      async close() {
        if (!groupAlive(pid)) return;
        await browser.close().catch(() => undefined);
        process.kill(-pid, 'SIGTERM');
        await waitGroupGone(pid, 10_000).catch(() => process.kill(-pid, 'SIGKILL'));
      },
    };
  } catch (e) {
    if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    throw e;
  }
}
