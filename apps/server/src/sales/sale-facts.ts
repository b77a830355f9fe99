import { sql, type RawBuilder, type Transaction } from 'kysely';
import { LIST_CHUNK } from '../db/chunks.ts';
import type { Database } from '../db/schema.ts';
import { storedMutations, type StoredMutation } from '../feed/idempotency.ts';
import { COMPACTED, expandCompacted } from '../retention/compacted-outcomes.ts';
import { chargesPpn, shopSettingsFromStored } from '@kasir/protocol';
import { notStaffOfBranch } from '../branches/staff-of-branch.ts';

/** What pricing a product needs from the catalog. */
export type ProductFacts = { id: string; price: number; taxRateBp: number; active: number; deleted: number };

/** Everything a batch of sales reads before it writes. */
export interface SaleFacts {
  /** Stored outcomes of the batch's mutation ids (S3). */
  readonly stored: Map<string, StoredMutation>;
  readonly products: Map<string, ProductFacts>;
  /** The branch's receipt numbers already taken among the batch's. */
  readonly takenNumbers: Set<string>;
  /** Staff ids of the batch that are no staff of the branch (flagged `unknown_staff`). */
  readonly strangers: Set<string>;
  readonly timezone: string;
  /** Whether the branch charges PPN (`chargesPpn`): one that does not records its lines at 0%. */
  readonly chargesPpn: boolean;
}

/** One row of the combined read: which part it answers (`k`), then up to five text columns. */
type FactRow = {
  k: string;
  a: string | null;
  b: string | null;
  c: string | null;
  d: string | null;
  e: string | null;
};

/**
 * Reads what a batch of sales needs in one statement (one round trip on PostgreSQL, issue 18): the
 * stored outcomes of its ids, its products, the branch's receipt numbers among its own, which of
 * its staff belong to the branch, and the branch's time zone. The parts are `union all`ed with
 * every column as text, which both engines accept. Lists longer than one statement should bind
 * (LIST_CHUNK) are read part by part in chunks instead: the same answer in more statements.
 */
export async function readSaleFacts(
  trx: Transaction<Database>,
  branchId: string,
  want: {
    readonly mutationIds: readonly string[];
    readonly productIds: readonly string[];
    readonly invoiceNumbers: readonly string[];
    readonly staffIds: readonly (string | null | undefined)[];
  },
): Promise<SaleFacts> {
  const ids = [...new Set(want.mutationIds)];
  const productIds = [...new Set(want.productIds)];
  const numbers = [...new Set(want.invoiceNumbers)];
  const staff = [...new Set(want.staffIds.filter((s): s is string => typeof s === 'string'))];
  if ([ids, productIds, numbers, staff].some((l) => l.length > LIST_CHUNK)) {
    return readPartByPart(trx, branchId, ids, productIds, numbers, staff);
  }
  const list = (values: readonly string[]) => sql.join(values.map((v) => sql`${v}`));
  const parts: RawBuilder<FactRow>[] = [
    sql`select 'z' as k, timezone as a, shop_settings as b, null as c, null as d, null as e
        from branches where id = ${branchId}`,
  ];
  if (ids.length > 0) {
    parts.push(sql`select 'm', id, device_id, payload_hash, status, response
        from mutations where id in (${list(ids)})`);
  }
  if (productIds.length > 0) {
    parts.push(sql`select 'p', id, cast(price as text), cast(tax_rate_bp as text), cast(active as text),
        cast(deleted as text) from products where id in (${list(productIds)})`);
  }
  if (numbers.length > 0) {
    parts.push(sql`select 'n', invoice_number, null, null, null, null
        from sales where branch_id = ${branchId} and invoice_number in (${list(numbers)})`);
  }
  if (staff.length > 0) {
    parts.push(sql`select 's', staff_id, null, null, null, null
        from staff_branches where branch_id = ${branchId} and staff_id in (${list(staff)})`);
  }
  const { rows } = await sql<FactRow>`${sql.join(parts, sql` union all `)}`.execute(trx);
  // Written field by field below: the two scalars are readonly in SaleFacts.
  const facts: SaleFacts & { timezone: string; chargesPpn: boolean } = {
    stored: new Map(),
    products: new Map(),
    takenNumbers: new Set(),
    strangers: new Set(staff),
    timezone: '',
    chargesPpn: false,
  };
  let branchFound = false;
  for (const r of rows) {
    switch (r.k) {
      case 'z':
        facts.timezone = r.a!;
        facts.chargesPpn = chargesPpn(shopSettingsFromStored(r.b));
        branchFound = true;
        break;
      case 'm':
        facts.stored.set(r.a!, { deviceId: r.b!, payloadHash: r.c!, status: r.d!, response: r.e! });
        break;
      case 'p':
        facts.products.set(r.a!, {
          id: r.a!,
          price: Number(r.b),
          taxRateBp: Number(r.c),
          active: Number(r.d),
          deleted: Number(r.e),
        });
        break;
      case 'n':
        facts.takenNumbers.add(r.a!);
        break;
      case 's':
        facts.strangers.delete(r.a!);
        break;
    }
  }
  if (!branchFound) throw new Error(`readSaleFacts: no branch ${branchId}`);
  // Outcomes retention compacted come back as the accepted outcomes they were, as through
  // storedMutations (only `sale.create` outcomes are ever compacted: COMPACTABLE_TYPES).
  const compacted = [...facts.stored].filter(([, m]) => m.status === COMPACTED);
  if (compacted.length > 0) {
    const expanded = await expandCompacted(
      trx,
      compacted.map(([id, m]) => ({ id, type: 'sale.create', ...m })),
    );
    for (const { id, type: _type, ...m } of expanded) facts.stored.set(id, m);
  }
  return facts;
}

async function readPartByPart(
  trx: Transaction<Database>,
  branchId: string,
  ids: readonly string[],
  productIds: readonly string[],
  numbers: readonly string[],
  staff: readonly string[],
): Promise<SaleFacts> {
  const products = new Map<string, ProductFacts>();
  const takenNumbers = new Set<string>();
  for (let i = 0; i < productIds.length; i += LIST_CHUNK) {
    const rows = await trx
      .selectFrom('products')
      .select(['id', 'price', 'taxRateBp', 'active', 'deleted'])
      .where('id', 'in', productIds.slice(i, i + LIST_CHUNK))
      .execute();
    for (const r of rows) products.set(r.id, r);
  }
  for (let i = 0; i < numbers.length; i += LIST_CHUNK) {
    const rows = await trx
      .selectFrom('sales')
      .select('invoiceNumber')
      .where('branchId', '=', branchId)
      .where('invoiceNumber', 'in', numbers.slice(i, i + LIST_CHUNK))
      .execute();
    for (const r of rows) takenNumbers.add(r.invoiceNumber);
  }
  const { timezone, shopSettings } = await trx
    .selectFrom('branches')
    .select(['timezone', 'shopSettings'])
    .where('id', '=', branchId)
    .executeTakeFirstOrThrow();
  return {
    stored: await storedMutations(trx, ids),
    products,
    takenNumbers,
    strangers: await notStaffOfBranch(trx, branchId, staff),
    timezone,
    chargesPpn: chargesPpn(shopSettingsFromStored(shopSettings)),
  };
}
