import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import type { AuditPage, Branch, StaffMember } from '@kasir/protocol';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, OWNER, signedIn, startAdminHarness, type AdminHarness } from './harness.ts';
import { VIEWPORTS } from './screenshots.ts';

const SHOTS = mkdtempSync(join(tmpdir(), 'kasir-admin-staff-'));

/** Issue 13: till staff in the back office; the PIN becomes a hash and never shows again. */
describe('back office: till staff', () => {
  let h: AdminHarness;
  let owner: Page;
  let branch: Branch;

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${h.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.ok, `${method} ${path}`).toBe(true);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    h = await startAdminHarness();
    await call('POST', '/api/auth/setup', { setupToken: ADMIN_TOKEN, ...OWNER });
    branch = await call<Branch>('POST', '/api/admin/branches', { code: 'SBY', name: 'Surabaya' });
    owner = await signedIn(h, OWNER.username, OWNER.password, '/admin/staff');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a cashier with a PIN, edits the role and the PIN, deactivates; the audit log never shows the PIN', async () => {
    await owner.getByTestId('staff-form').waitFor();
    await owner.getByTestId('staff-name').fill('Siti Aminah');
    await owner.getByTestId('staff-pin').fill('48a21');
    expect(await owner.getByTestId('staff-pin').inputValue()).toBe('4821');
    await owner.getByTestId('staff-branch-SBY').check();
    await owner.getByTestId('staff-save').click();
    await owner.getByTestId('staff-row').filter({ hasText: 'Siti Aminah' }).waitFor();
    const [siti] = await call<StaffMember[]>('GET', `/api/admin/staff?branchId=${branch.id}`);
    expect(siti).toMatchObject({
      name: 'Siti Aminah',
      role: 'cashier',
      hasPin: true,
      branchIds: [branch.id],
    });

    const row = owner.getByTestId('staff-row').filter({ hasText: 'Siti Aminah' });
    await row.getByRole('button', { name: 'Ubah' }).click();
    await owner.getByTestId('staff-role').selectOption('supervisor');
    await owner.getByTestId('staff-pin').fill('135790');
    await owner.getByTestId('staff-save').click();
    await row.getByText('Supervisor').waitFor();
    expect((await call<StaffMember[]>('GET', '/api/admin/staff'))[0]).toMatchObject({
      role: 'supervisor',
      version: 2,
    });

    await owner.getByTestId('staff-name').fill('Budi Santoso');
    await owner.getByTestId('staff-pin').fill('2468');
    await owner.getByTestId('staff-branch-SBY').check();
    await owner.getByTestId('staff-save').click();
    await owner.getByTestId('staff-row').filter({ hasText: 'Budi Santoso' }).waitFor();
    for (const v of VIEWPORTS) {
      await owner.setViewportSize({ width: v.width, height: v.height });
      await owner.screenshot({ path: join(SHOTS, `staff-${v.name}.png`), fullPage: true });
    }
    await owner.setViewportSize({ width: 1280, height: 860 });

    await row.getByRole('button', { name: 'Nonaktifkan' }).click();
    await row.getByRole('button', { name: 'Aktifkan' }).waitFor();

    const audit = await call<AuditPage>('GET', '/api/admin/audit');
    const staffEntries = audit.items.filter((e) => e.action.startsWith('staff.'));
    expect(staffEntries.map((e) => e.action).sort()).toEqual([
      'staff.create',
      'staff.create',
      'staff.update',
      'staff.update',
    ]);
    const text = JSON.stringify(staffEntries);
    for (const pin of ['4821', '135790', '2468']) expect(text).not.toContain(pin);
    expect(h.errors).toEqual([]);
  });
});
