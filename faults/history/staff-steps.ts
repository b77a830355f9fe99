/**
 * Issue 13 in the seeded random history: tills record audit events (an `audit.record` mutation,
 * offline first, exactly once) and the back office adds staff with PINs while devices are cut off.
 * Afterwards every event is in the audit log exactly once and every till holds its branch's staff.
 */
import type { Random } from '@kasir/protocol';
import type { InProcessServer } from '@kasir/test-kit';
import type { Device } from './history-kit.ts';

const ACTIONS = ['reprint', 'open_drawer', 'discard_parked', 'pin_lockout'] as const;

/** One staff step: mostly a till's audit event, sometimes a new staff member of `branchId`. */
export async function staffStep(
  real: InProcessServer,
  branchId: string,
  device: Device,
  rnd: Random,
  label: string,
): Promise<'audit' | 'staff'> {
  if (rnd() < 0.75) {
    const r = await device.client.recordMutation({
      type: 'audit.record',
      payload: {
        action: ACTIONS[Math.floor(rnd() * ACTIONS.length)]!,
        staffId: null,
        at: new Date().toISOString(),
        entityId: label,
      },
    });
    if (!r.ok) throw new Error(`${device.name} could not record an audit event: ${r.code}`);
    return 'audit';
  }
  await real.admin.staff(branchId, `Staf ${label}`, 'cashier', String(1000 + Math.floor(rnd() * 9000)));
  return 'staff';
}

/**
 * What breaks the staff invariant for one branch's devices, once drained: an audit event missing
 * from the log or in it twice, a till whose staff list differs from the server's active staff of
 * the branch. Empty means it holds.
 */
export async function staffAnomalies(
  real: InProcessServer,
  branchId: string,
  devices: readonly Device[],
): Promise<string[]> {
  const out: string[] = [];
  for (const d of devices) {
    const sent = d.mutations.filter((m) => m.type === 'audit.record').length;
    const rows = await real.server.db.kysely
      .selectFrom('auditLog')
      .select('id')
      .where('deviceId', '=', d.deviceId)
      .where('action', 'like', 'till.%')
      .execute();
    if (rows.length !== sent) out.push(`${d.name}: ${sent} audit events sent, ${rows.length} in the log`);
  }
  const listed = await real.admin.client.listStaff(branchId);
  if (!listed.ok) return [...out, `staff list: ${listed.error.kind}`];
  const expected = listed.value
    .filter((s) => s.active && s.hasPin)
    .map((s) => s.id)
    .sort();
  for (const d of devices) {
    const held = (await d.client.listStaff()).map((s) => s.id).sort();
    if (held.join() !== expected.join())
      out.push(`${d.name}: holds ${held.length} staff, the server ${expected.length}`);
  }
  return out;
}
