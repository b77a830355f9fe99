import { describe, expect, it } from 'vitest';
import { openDrawerWithoutSale, type OpenDrawerDeps } from './open-drawer.ts';
import type { Approval } from './staff-gate.ts';

function deps(approval: Approval | null, printer: boolean) {
  const log: string[] = [];
  const d: OpenDrawerDeps = {
    requirePermission: (action) => {
      log.push(`ask:${action}`);
      return Promise.resolve(approval);
    },
    audit: (action, extra) => log.push(`audit:${action}:${extra.approvedBy ?? '-'}`),
    kick: () => {
      log.push('kick');
      return Promise.resolve(printer);
    },
  };
  return { d, log };
}

describe('open the drawer without a sale (issue 13)', () => {
  it('asks for open_drawer, records the audit event, then kicks the drawer', async () => {
    const { d, log } = deps({ staffId: 's1', approvedBy: 'mgr' }, true);
    expect(await openDrawerWithoutSale(d)).toBe('opened');
    expect(log).toEqual(['ask:open_drawer', 'audit:open_drawer:mgr', 'kick']);
  });

  it('without approval nothing is recorded and the drawer stays shut', async () => {
    const { d, log } = deps(null, true);
    expect(await openDrawerWithoutSale(d)).toBe('denied');
    expect(log).toEqual(['ask:open_drawer']);
  });

  it('without a printer the opening is still recorded (opened by key)', async () => {
    const { d, log } = deps({ staffId: 's1' }, false);
    expect(await openDrawerWithoutSale(d)).toBe('manual');
    expect(log).toEqual(['ask:open_drawer', 'audit:open_drawer:-', 'kick']);
  });
});
