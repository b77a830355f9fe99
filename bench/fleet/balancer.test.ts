import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOY_HAPROXY_CFG, SERVED_BY_HEADER, benchConfig } from './balancer.ts';

const haproxyInstalled = spawnSync('haproxy', ['-v']).status === 0;

describe('benchConfig', () => {
  const shipped = readFileSync(DEPLOY_HAPROXY_CFG, 'utf8');

  it('keeps the shipped routing and replaces only the port, the servers, the log and maxconn', () => {
    const cfg = benchConfig(18080, [18081, 18082], 'branch');
    expect(cfg).toContain('bind 127.0.0.1:18080');
    expect(cfg).toContain('balance hdr(x-kasir-branch)');
    expect(cfg).toContain('hash-type consistent');
    expect(cfg).toMatch(/^\s*default-server .* weight 100$/m);
    expect(cfg).toContain('server kasir1 127.0.0.1:18081 check');
    expect(cfg).toContain('server kasir2 127.0.0.1:18082 check');
    expect(cfg).not.toContain('127.0.0.1:8083');
    expect(cfg).not.toMatch(/^\s*option httplog/m);
    expect(cfg).toContain(`http-response set-header ${SERVED_BY_HEADER} %s`);
    // Everything else is the shipped file's.
    for (const line of ['option httpchk GET /readyz', 'timeout tunnel 1h', 'option redispatch 1']) {
      expect(shipped).toContain(line);
      expect(cfg).toContain(line);
    }
  });

  it('routes round-robin for the comparison without affinity', () => {
    const cfg = benchConfig(18080, [18081], 'spread');
    expect(cfg).toContain('balance roundrobin');
    expect(cfg).not.toContain('balance hdr(');
  });

  it.skipIf(!haproxyInstalled)('is a configuration HAProxy accepts, as is the shipped one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kasir-cfg-'));
    try {
      for (const routing of ['branch', 'spread'] as const) {
        const path = join(dir, `${routing}.cfg`);
        writeFileSync(path, benchConfig(18080, [18081, 18082], routing));
        expect(spawnSync('haproxy', ['-c', '-q', '-f', path], { encoding: 'utf8' }).status).toBe(0);
      }
      expect(spawnSync('haproxy', ['-c', '-q', '-f', DEPLOY_HAPROXY_CFG]).status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
