import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { serviceWorkerSource } from './service-worker-source.ts';

describe('service worker source', () => {
  it('bakes in the build files and a versioned cache, and leaves the API alone', () => {
    const src = serviceWorkerSource(['./', './assets/index-abc.js'], '42');
    expect(src).toContain('"kasir-shell-42"');
    expect(src).toContain('["./","./assets/index-abc.js"]');
    expect(src).toContain('socket\\.io');
    // It must be valid JavaScript.
    expect(() => new Script(src)).not.toThrow();
  });
});
