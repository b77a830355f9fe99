import { SaleFlag } from '@kasir/protocol';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { businessTime, soldAt } from '../calendar/business-time.ts';
import type { SalesSummaryTable } from './schema.ts';

/** One summary row as a recount gives it: raw SQL, so the branch column keeps its snake_case name. */
export type RecountRow = Omit<SalesSummaryTable, 'branchId'> & { branch_id: string };

const n = (col: string) => sql.raw(`cast(coalesce(sum(${col}), 0) as bigint)`);

/**
 * The summary rows recounted from the sales themselves (sales-summary.ts defines them). Used to
 * build the summary for sales recorded before it existed, and by tests: it must equal the rows
 * the write path keeps.
 */
export function recountQuery(): RawBuilder<RecountRow> {
  const base = sql`(select s.id, s.branch_id, s.business_day, s.business_hour, s.device_id, s.flags,
      s.total, s.tax, coalesce(l.q, 0) as q, coalesce(l.d, 0) as d
    from sales s left join (
      select sale_id, sum(quantity) as q, sum(discount + cart_discount_share) as d
      from sale_lines group by sale_id) l on l.sale_id = s.id)`;
  const measures = sql`count(*) as sales, ${n('q')} as quantity, ${n('total')} as gross,
      ${n('d')} as discount, ${n('tax')} as tax`;
  const flagSelects = SaleFlag.options.map(
    (f) => sql`select branch_id, business_day as day, 'flag' as dim, ${sql.lit(f)} as key, ${measures}
      from ${base} b where flags like ${sql.lit(`%"${f}"%`)} group by branch_id, business_day`,
  );
  return sql<RecountRow>`
    select branch_id, business_day as day, 'all' as dim, '' as key, ${measures}
      from ${base} b group by branch_id, business_day
    union all
    select branch_id, business_day, 'hour', cast(business_hour as text), ${measures}
      from ${base} b group by branch_id, business_day, business_hour
    union all
    select branch_id, business_day, 'device', device_id, ${measures}
      from ${base} b group by branch_id, business_day, device_id
    union all
    ${sql.join(flagSelects, sql` union all `)}
    union all
    select s.branch_id, s.business_day, 'method', pm.method, count(*), cast(0 as bigint),
      ${n(`pm.amt - case when pm.method = 'cash' then pt.paid - s.total else 0 end`)},
      cast(0 as bigint), cast(0 as bigint)
      from (select sale_id, method, sum(amount) as amt from sale_payments group by sale_id, method) pm
      join (select sale_id, sum(amount) as paid from sale_payments group by sale_id) pt on pt.sale_id = pm.sale_id
      join sales s on s.id = pm.sale_id
      group by s.branch_id, s.business_day, pm.method
    union all
    select s.branch_id, s.business_day, 'product', l.product_id, count(distinct l.sale_id), ${n('l.quantity')},
      ${n('l.amount')}, ${n('l.discount + l.cart_discount_share')}, cast(0 as bigint)
      from sale_lines l join sales s on s.id = l.sale_id
      group by s.branch_id, s.business_day, l.product_id`;
}

/** Replaces the summary with a recount of the sales. */
export async function rebuildSalesSummary(db: Kysely<unknown>): Promise<void> {
  await sql`delete from sales_summary`.execute(db);
  await sql`insert into sales_summary (branch_id, day, dim, key, sales, quantity, gross, discount, tax)
    select * from (${recountQuery()}) r`.execute(db);
}

/**
 * Sets the business time of sales recorded before it was kept (migration 0012): in pages, with
 * each branch's time zone. New sales get it when they are recorded.
 */
export async function backfillBusinessTime(db: Kysely<unknown>): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ id: string; created_at: string; received_at: string; timezone: string }>`
      select s.id, s.created_at, s.received_at, b.timezone from sales s join branches b on b.id = s.branch_id
      where s.sold_at is null limit 500`.execute(db);
    if (rows.length === 0) return;
    for (const r of rows) {
      const at = soldAt(r.created_at, r.received_at);
      const { day, hour } = businessTime(at, r.timezone);
      await sql`update sales set sold_at = ${at}, business_day = ${day}, business_hour = ${hour}
        where id = ${r.id}`.execute(db);
    }
  }
}
