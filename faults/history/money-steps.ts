/**
 * The drawer, refunds and customers in the seeded random history (issue 13): steps that open and
 * close shifts, move cash, refund sales (the device's own, or another till's from its branch list,
 * so two tills can refund one line offline) and create customers (from a small pool of phone
 * numbers, so devices create duplicates the server merges). Each goes through the device's engine
 * as a mutation, exactly like sales.
 */
import { refundLineAmount, type SaleSummary, type ShiftReportList } from '@kasir/protocol';
import type { LocalSale } from '@kasir/sync';
import type { InProcessServer } from '@kasir/test-kit';
import { expect } from 'vitest';
import type { MoneyMade, MoneyServer } from '../lib/invariant.ts';
import { bump, type Device } from './history-kit.ts';

type Random = () => number;

/** Counts for the fault report. */
export interface MoneyTally {
  shiftsOpened: number;
  shiftsClosed: number;
  cashMoves: number;
  refunds: number;
  customers: number;
}

export const emptyMoneyTally = (): MoneyTally => ({
  shiftsOpened: 0,
  shiftsClosed: 0,
  cashMoves: 0,
  refunds: 0,
  customers: 0,
});

/** The money side of one seed's history: which shift each device has open. */
export class MoneySteps {
  readonly #rnd: Random;
  readonly #phones: string[];
  readonly #open = new Map<Device, string>();
  readonly tally = emptyMoneyTally();

  constructor(rnd: Random, seed: number) {
    this.#rnd = rnd;
    this.#phones = Array.from({ length: 6 }, (_, i) => `+62812${String(seed).padStart(5, '0')}${i}0`);
  }

  /** Fields a sale of `d` carries: its open shift, sometimes a customer. */
  saleExtras(d: Device): { shiftId?: string } {
    const shiftId = this.#open.get(d);
    return shiftId === undefined ? {} : { shiftId };
  }

  /** One random money step on `d`; `r` in [0, 1) picks which. */
  async step(d: Device, r: number): Promise<void> {
    if (r < 0.2) await this.#toggleShift(d);
    else if (r < 0.45) await this.#cashMove(d);
    else if (r < 0.85) await this.#refund(d);
    else await this.#customer(d);
  }

  /** The same customer created on two tills, offline or not: the server must merge them by phone. */
  async duplicateCustomer(one: Device, two: Device): Promise<void> {
    const phone = this.#phones[0]!;
    for (const d of [one, two]) {
      await this.#record(d, {
        type: 'customer.create',
        payload: { name: `Pelanggan ${d.name}`, phone, createdAt: new Date().toISOString() },
      });
      this.tally.customers++;
    }
  }

  /** Closes every open shift (before the final drain), so every drawer gets its Z report. */
  async closeAll(devices: readonly Device[]): Promise<void> {
    for (const d of devices) if (this.#open.has(d)) await this.#close(d);
  }

  async #record(d: Device, draft: Parameters<Device['client']['recordMutation']>[0]): Promise<string> {
    const res = await d.client.recordMutation(draft);
    if (!res.ok) throw new Error(`${d.name} could not record ${draft.type}: ${res.code} ${res.message}`);
    return res.value.mutation.id;
  }

  async #toggleShift(d: Device): Promise<void> {
    if (this.#open.has(d)) return this.#close(d);
    const id = await this.#record(d, {
      type: 'shift.open',
      payload: {
        openedAt: new Date().toISOString(),
        float: 50_000 * (1 + Math.floor(this.#rnd() * 4)),
        staffId: null,
      },
    });
    this.#open.set(d, id);
    this.tally.shiftsOpened++;
  }

  async #close(d: Device): Promise<void> {
    const shiftId = this.#open.get(d)!;
    const unsyncedSales = d.client.status.get().pending;
    await this.#record(d, {
      type: 'shift.close',
      payload: {
        shiftId,
        closedAt: new Date().toISOString(),
        counted: { total: 1_000 * Math.floor(this.#rnd() * 500) },
        unsyncedSales,
        staffId: null,
        // Closing with unsynced sales needs a manager's override, recorded (issue 13, item 3).
        ...(unsyncedSales > 0 ? { approvedBy: '0190a0b0-0000-7000-8000-000000000001' } : {}),
      },
    });
    this.#open.delete(d);
    this.tally.shiftsClosed++;
  }

  async #cashMove(d: Device): Promise<void> {
    if (!this.#open.has(d)) await this.#toggleShift(d);
    await this.#record(d, {
      type: 'cash.move',
      payload: {
        shiftId: this.#open.get(d)!,
        kind: this.#rnd() < 0.5 ? 'in' : 'out',
        amount: 500 * (1 + Math.floor(this.#rnd() * 40)),
        reason: 'history',
        at: new Date().toISOString(),
        staffId: null,
      },
    });
    this.tally.cashMoves++;
  }

  /**
   * Refunds one unit of the first line of a sale the device knows: one of its own (pushed before the
   * refund, S2) or, from the branch's list, another till's, whose summary carries its lines.
   */
  async #refund(d: Device): Promise<void> {
    const own: { id: string; lines: { productId: string; quantity: number; amount: number }[] }[] = (
      await d.client.listSales(50)
    ).map((s: LocalSale) => ({
      id: s.id,
      lines: s.input.lines.map((l) => ({
        productId: l.productId,
        quantity: l.quantity,
        amount: l.quantity * l.unitPrice,
      })),
    }));
    const branch = (await d.client.listBranchSales(50)).flatMap((s: SaleSummary) =>
      s.lines === undefined ? [] : [{ id: s.id, lines: s.lines }],
    );
    const candidates = [...own, ...branch];
    if (candidates.length === 0) return;
    const sale = candidates[Math.floor(this.#rnd() * candidates.length)]!;
    const line = sale.lines[0]!;
    const shiftId = this.#open.get(d) ?? null;
    await this.#record(d, {
      type: 'refund.create',
      payload: {
        saleId: sale.id,
        createdAt: new Date().toISOString(),
        reason: this.#rnd() < 0.1 ? 'void' : 'return',
        method: shiftId === null ? 'original' : 'cash',
        lines: [
          {
            saleLineNo: 0,
            productId: line.productId,
            quantity: 1,
            amount: refundLineAmount(line, 0, 1),
            damaged: this.#rnd() < 0.2,
          },
        ],
        shiftId,
        staffId: null,
      },
    });
    this.tally.refunds++;
  }

  async #customer(d: Device): Promise<void> {
    const phone = this.#phones[Math.floor(this.#rnd() * this.#phones.length)]!;
    await this.#record(d, {
      type: 'customer.create',
      payload: { name: `Pelanggan ${phone.slice(-3)}`, phone, createdAt: new Date().toISOString() },
    });
    this.tally.customers++;
  }
}

/** What the devices of a branch made, from their outboxes and stores (the devices' truth, S1). */
export async function moneyMade(devices: readonly Device[]): Promise<MoneyMade> {
  const made: MoneyMade = {
    refunds: [],
    cashMoves: [],
    shiftOpens: [],
    shiftCloses: [],
    customers: [],
    cashSales: [],
  };
  for (const d of devices) {
    for (const m of d.mutations) {
      if (m.type === 'refund.create') made.refunds.push((m).payload);
      else if (m.type === 'cash.move') made.cashMoves.push({ id: m.id, ...(m).payload });
      else if (m.type === 'shift.open') made.shiftOpens.push((m).payload);
      else if (m.type === 'shift.close') made.shiftCloses.push((m).payload);
      else if (m.type === 'customer.create') made.customers.push((m).payload);
    }
    for (const s of await d.client.listSales(1_000_000)) {
      if (s.input.shiftId === undefined) continue;
      const cash = s.input.payments.filter((p) => p.method === 'cash').reduce((a, p) => a + p.amount, 0);
      const paid = s.input.payments.reduce((a, p) => a + p.amount, 0);
      made.cashSales.push({ shiftId: s.input.shiftId, cash: cash - Math.max(0, paid - s.total) });
    }
  }
  return made;
}

/** The branch's drawer, refund and customer ledgers as the server holds them, and its shift reports. */
export async function moneyOnServer(
  real: InProcessServer,
  branchId: string,
  customerIds: readonly string[],
): Promise<MoneyServer> {
  const db = real.server.db.kysely;
  const refunds = await db.selectFrom('refunds').select('id').where('branchId', '=', branchId).execute();
  const moves = await db.selectFrom('cashMoves').select('id').where('branchId', '=', branchId).execute();
  const shifts = await db
    .selectFrom('shifts')
    .select(['id', 'closedAt'])
    .where('branchId', '=', branchId)
    .execute();
  const res = await fetch(`${real.url}/api/admin/shifts?branchId=${branchId}`, {
    headers: { authorization: `Bearer ${real.adminToken}` },
  });
  expect(res.status).toBe(200);
  const links =
    customerIds.length === 0
      ? []
      : await db
          .selectFrom('customerIds as ci')
          .innerJoin('customers as c', 'c.id', 'ci.customerId')
          .select(['ci.id', 'c.phone'])
          .where('ci.id', 'in', [...customerIds])
          .execute();
  return {
    refundIds: refunds.map((r) => r.id),
    cashMoveIds: moves.map((r) => r.id),
    shifts: shifts.map((s) => ({ id: s.id, closed: s.closedAt !== null })),
    reports: ((await res.json()) as ShiftReportList).shifts,
    customerPhones: new Map(links.map((l) => [l.id, l.phone])),
  };
}

/** Adds to `base` the goods the devices' refunds put back into stock (lines not marked damaged). */
export function addRefundRestock(base: Map<string, number>, made: MoneyMade): void {
  for (const r of made.refunds) for (const l of r.lines) if (!l.damaged) bump(base, l.productId, l.quantity);
}
