import { describe, expect, it } from 'vitest';
import { machineSpeed, machineSpeedLine } from './machine-speed.ts';

describe('machineSpeed', () => {
  it('measures a positive CPU time and fsync time, and says them in one line', () => {
    const s = machineSpeed();
    expect(s.cpuMs).toBeGreaterThan(0);
    expect(s.fsyncMs).toBeGreaterThan(0);
    expect(Number.isFinite(s.cpuMs) && Number.isFinite(s.fsyncMs)).toBe(true);
    expect(machineSpeedLine({ cpuMs: 123.4, fsyncMs: 1.234 })).toContain('5,000 sales in 123 ms');
    expect(machineSpeedLine({ cpuMs: 123.4, fsyncMs: 1.234 })).toContain('fsync 1.23 ms');
  });
});
