import { newId, type MutationResult, type PushResponse } from '@kasir/protocol';
import type { TestDevice, TestServer } from './test-server.ts';

/** Pushes mutations of one device and gives their results (tests of issue 13's mutation types). */
export async function push(t: TestServer, d: TestDevice, mutations: unknown[]): Promise<MutationResult[]> {
  const r = await t.request('POST', '/api/sync/push', { token: d.token, body: { mutations } });
  if (r.status !== 200) throw new Error(`push: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as PushResponse).results;
}

/** Pushes one mutation and gives its result. */
export async function pushOne(t: TestServer, d: TestDevice, m: unknown): Promise<MutationResult> {
  return (await push(t, d, [m]))[0]!;
}

/** A `shift.open` mutation (its id is the shift id). */
export function shiftOpenMutation(float: number, shiftId = newId()) {
  return {
    id: shiftId,
    type: 'shift.open',
    payload: { shiftId, openedAt: new Date().toISOString(), float, staffId: null },
  };
}

/** A `cash.move` mutation. */
export function cashMoveMutation(shiftId: string, kind: 'in' | 'out', amount: number, reason = 'petty cash') {
  return {
    id: newId(),
    type: 'cash.move',
    payload: { shiftId, kind, amount, reason, at: new Date().toISOString(), staffId: null },
  };
}

/** A `shift.close` mutation with a counted total. */
export function shiftCloseMutation(shiftId: string, counted: number, unsyncedSales = 0, approvedBy?: string) {
  return {
    id: newId(),
    type: 'shift.close',
    payload: {
      shiftId,
      closedAt: new Date().toISOString(),
      counted: { total: counted },
      unsyncedSales,
      staffId: null,
      ...(approvedBy === undefined ? {} : { approvedBy }),
    },
  };
}

/** A `refund.create` mutation (its id is the refund id). */
export function refundMutation(
  saleId: string,
  lines: { saleLineNo: number; productId: string; quantity: number; amount: number; damaged?: boolean }[],
  opts: { shiftId?: string | null; method?: 'cash' | 'original'; reason?: string } = {},
) {
  const id = newId();
  return {
    id,
    type: 'refund.create',
    payload: {
      id,
      saleId,
      createdAt: new Date().toISOString(),
      reason: opts.reason ?? 'return',
      method: opts.method ?? 'cash',
      lines: lines.map((l) => ({ ...l, damaged: l.damaged ?? false })),
      shiftId: opts.shiftId ?? null,
      staffId: null,
    },
  };
}

/** A `customer.create` mutation (its id is the customer id). */
export function customerMutation(name: string, phone: string) {
  const id = newId();
  return {
    id,
    type: 'customer.create',
    payload: { id, name, phone, createdAt: new Date().toISOString() },
  };
}
