import {
  originalRefundMethod,
  type AdminRefund,
  type Refund,
  type RefundFlag,
  type RefundQuery,
} from '@kasir/protocol';
import { saleMethods } from '../reports/sale-methods.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Refunds of a branch, newest first, from the refund ledger (through `refunds_branch_day`). A flag
 * filter matches the JSON array's text: flags are a closed set of distinct words.
 */
export async function listRefunds(db: Kysely<Database>, q: RefundQuery): Promise<AdminRefund[]> {
  let query = db.selectFrom('refunds').selectAll().where('branchId', '=', q.branchId);
  if (q.day !== undefined) query = query.where('businessDay', '=', q.day);
  if (q.flag !== undefined) query = query.where('flags', 'like', `%"${q.flag}"%`);
  const rows = await query
    .orderBy('receivedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(q.limit ?? 200)
    .execute();
  if (rows.length === 0) return [];
  const lines = await db
    .selectFrom('refundLines')
    .selectAll()
    .where(
      'refundId',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('refundId')
    .orderBy('lineNo')
    .execute();
  const byRefund = new Map<string, Refund['lines']>();
  for (const l of lines) {
    const list = byRefund.get(l.refundId) ?? [];
    list.push({
      saleLineNo: l.saleLineNo,
      productId: l.productId,
      quantity: Number(l.quantity),
      amount: Number(l.amount),
      damaged: l.damaged === 1,
    });
    byRefund.set(l.refundId, list);
  }
  // The methods of the sales refunded through their own method: which one the money went back by.
  const original = rows.filter((r) => r.method === 'original').map((r) => r.saleId);
  const paidWith = await saleMethods(db, original);
  return rows.map((r) => ({
    via: r.method === 'original' ? originalRefundMethod(paidWith.get(r.saleId) ?? []) : 'cash',
    id: r.id,
    saleId: r.saleId,
    branchId: r.branchId,
    deviceId: r.deviceId,
    invoiceNumber: r.invoiceNumber,
    createdAt: r.createdAt,
    receivedAt: r.receivedAt,
    reason: r.reason as Refund['reason'],
    note: r.note,
    method: r.method as Refund['method'],
    lines: byRefund.get(r.id) ?? [],
    total: Number(r.total),
    shiftId: r.shiftId,
    staffId: r.staffId,
    approvedBy: r.approvedBy,
    flags: JSON.parse(r.flags) as RefundFlag[],
  }));
}
