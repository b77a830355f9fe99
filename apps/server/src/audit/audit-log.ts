import {
  AuditPage,
  AuditQuery,
  DEFAULT_ADMIN_PAGE,
  DEFAULT_TIME_ZONE,
  newId,
  type AuditEntry,
} from '@kasir/protocol';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/open-database.ts';
import { isoNow, type App, type RouteDeps } from '../http/app-types.ts';
import { decodeKeyset, pageFrom } from '../http/keyset-cursor.ts';
import { instantRange } from '../calendar/business-time.ts';
import { adminGuard } from '../auth/route-guard.ts';

/** What a route adds to its audit entry beyond what the hook infers. */
export interface AuditNote {
  readonly entityId?: string;
  readonly branchId?: string;
  readonly summary?: string;
  readonly details?: Record<string, unknown>;
}

declare module 'fastify' {
  interface FastifyRequest {
    auditNote?: AuditNote;
  }
}

/** Adds to the audit entry of this request (written only if the request succeeds). */
export function noteAudit(req: FastifyRequest, note: AuditNote): void {
  req.auditNote = { ...req.auditNote, ...note };
}

/** The audited writes, by route: every admin write (issue 11) and the sign-in events. */
const ACTIONS: Record<string, { action: string; entityType: string | null }> = {
  'POST /api/auth/setup': { action: 'account.create', entityType: 'account' },
  'POST /api/auth/login': { action: 'auth.login', entityType: 'account' },
  'POST /api/auth/logout': { action: 'auth.logout', entityType: 'account' },
  'POST /api/auth/password': { action: 'auth.password', entityType: 'account' },
  'POST /api/admin/accounts': { action: 'account.create', entityType: 'account' },
  'PATCH /api/admin/accounts/:id': { action: 'account.update', entityType: 'account' },
  'POST /api/admin/branches': { action: 'branch.create', entityType: 'branch' },
  'PATCH /api/admin/branches/:id': { action: 'branch.update', entityType: 'branch' },
  'POST /api/admin/devices': { action: 'device.create', entityType: 'device' },
  'DELETE /api/admin/devices/:id': { action: 'device.revoke', entityType: 'device' },
  'POST /api/admin/devices/:id/pairing-code': { action: 'device.pairing_code', entityType: 'device' },
  'POST /api/admin/devices/:id/commands': { action: 'device.command', entityType: 'device' },
  'POST /api/admin/products': { action: 'product.create', entityType: 'product' },
  'PATCH /api/admin/products/:id': { action: 'product.update', entityType: 'product' },
  'PUT /api/admin/products': { action: 'product.import', entityType: null },
  'DELETE /api/admin/products/:id': { action: 'product.delete', entityType: 'product' },
  'POST /api/admin/products/import': { action: 'product.import', entityType: null },
  'PUT /api/admin/products/:id/image': { action: 'product.image', entityType: 'product' },
  'DELETE /api/admin/products/:id/image': { action: 'product.image', entityType: 'product' },
  'POST /api/admin/stock': { action: 'stock.move', entityType: 'product' },
  'POST /api/admin/suppliers': { action: 'supplier.create', entityType: 'supplier' },
  'POST /api/admin/receipts': { action: 'stock.receive', entityType: 'receipt' },
  'PUT /api/admin/stock/minimum': { action: 'stock.minimum', entityType: 'product' },
  'POST /api/admin/transfers': { action: 'transfer.send', entityType: 'transfer' },
  'POST /api/admin/transfers/:id/receive': { action: 'transfer.receive', entityType: 'transfer' },
  'POST /api/admin/transfers/:id/cancel': { action: 'transfer.cancel', entityType: 'transfer' },
  'POST /api/admin/stocktakes': { action: 'stocktake.open', entityType: 'stocktake' },
  'POST /api/admin/stocktakes/:id/close': { action: 'stocktake.close', entityType: 'stocktake' },
  'POST /api/admin/staff': { action: 'staff.create', entityType: 'staff' },
  'PATCH /api/admin/staff/:id': { action: 'staff.update', entityType: 'staff' },
};

// A staff PIN is a secret too: the entry says a PIN was set, never which (issue 13).
const SECRET_FIELDS = new Set(['password', 'currentPassword', 'newPassword', 'setupToken', 'token', 'pin']);

/** The request body as details: secrets dropped, bulk bodies counted instead of copied. */
function detailsOf(body: unknown): Record<string, unknown> | null {
  if (Array.isArray(body)) return { count: body.length };
  if (typeof body !== 'object' || body === null) return null;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) {
    if (SECRET_FIELDS.has(k)) continue;
    out[k] = Array.isArray(v) && v.length > 20 ? { count: v.length } : v;
  }
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * What a person recognises the entity by, from the request body: a branch's code and name, a
 * device's or product's name, an account's username ("branch.create JKT · Jakarta Pusat", not an id).
 */
function labelOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const parts = [str(b.code), str(b.name) ?? str(b.username)].filter((p) => p !== undefined && p !== '');
  return parts.length === 0 ? undefined : parts.join(' · ');
}

/**
 * Records every successful admin write: who (account or token), what, on which entity. Written
 * after the response, in a statement of its own; a failure to write it is logged.
 */
export function installAuditLog(app: App, deps: Pick<RouteDeps, 'db' | 'clock'>): void {
  // The created entity's id, from the response object before it is serialized.
  app.addHook('preSerialization', async (req, reply, payload) => {
    if (reply.statusCode >= 400 || req.auditNote?.entityId !== undefined) return payload;
    if (ACTIONS[`${req.method} ${req.routeOptions.url ?? ''}`] === undefined) return payload;
    const id = str((payload as { id?: unknown } | null)?.id);
    if (id !== undefined) noteAudit(req, { entityId: id });
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const known = ACTIONS[`${req.method} ${req.routeOptions.url ?? ''}`];
    const actor = req.admin;
    if (known === undefined || actor === undefined || reply.statusCode >= 400) return;
    const note = req.auditNote ?? {};
    const body = req.body as Record<string, unknown> | undefined;
    const params = req.params as Record<string, unknown> | undefined;
    const entityId =
      note.entityId ??
      str(params?.id) ??
      (known.entityType === 'account' && actor.kind === 'account' ? actor.accountId : undefined) ??
      (known.action === 'stock.move' ? str(body?.productId) : undefined) ??
      null;
    const branchId =
      note.branchId ?? str(body?.branchId) ?? (known.entityType === 'branch' ? entityId : null) ?? null;
    try {
      await deps.db.kysely
        .insertInto('auditLog')
        .values({
          id: newId(),
          at: isoNow(deps.clock),
          actorKind: actor.kind,
          accountId: actor.kind === 'account' ? actor.accountId : null,
          username: actor.kind === 'account' ? actor.username : null,
          action: known.action,
          entityType: known.entityType,
          entityId,
          branchId,
          summary:
            note.summary ??
            `${known.action} ${labelOf(req.body) ?? (known.entityType === 'account' && actor.kind === 'account' ? actor.username : (entityId ?? ''))}`.trimEnd(),
          details: JSON.stringify(note.details ?? detailsOf(req.body)),
          ip: req.ip,
        })
        .execute();
    } catch (err) {
      req.log.error({ err }, 'audit entry not written');
    }
  });
}

/** `GET /api/admin/audit` (owners): newest first, keyset by id (UUIDv7, time-ordered). */
export function registerAuditRoutes(app: App, deps: RouteDeps): void {
  app.get(
    '/api/admin/audit',
    adminGuard(deps).route({
      schema: {
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    }),
    (req) => listAudit(deps.db, req.query),
  );
}

export async function listAudit(db: Db, query: AuditQuery): Promise<AuditPage> {
  const limit = query.limit ?? DEFAULT_ADMIN_PAGE;
  const { fromMs, toMs } = instantRange(query.from, query.to, DEFAULT_TIME_ZONE);
  let q = db.reader
    .selectFrom('auditLog')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (query.cursor !== undefined) q = q.where('id', '<', String(decodeKeyset(query.cursor, ['string'])[0]));
  if (query.action !== undefined) q = q.where('action', '=', query.action);
  if (query.accountId !== undefined) q = q.where('accountId', '=', query.accountId);
  const { staffId, deviceId } = query;
  if (staffId !== undefined)
    q = q.where((eb) => eb.or([eb('staffId', '=', staffId), eb('approvedBy', '=', staffId)]));
  if (deviceId !== undefined) q = q.where('deviceId', '=', deviceId);
  if (query.branchId !== undefined) q = q.where('branchId', '=', query.branchId);
  if (fromMs !== undefined) q = q.where('at', '>=', new Date(fromMs).toISOString());
  if (toMs !== undefined) q = q.where('at', '<', new Date(toMs).toISOString());
  const rows = await q.execute();
  return pageFrom(
    rows,
    limit,
    (r): AuditEntry => ({
      id: r.id,
      at: r.at,
      actor:
        r.actorKind === 'account' && r.accountId !== null
          ? { kind: 'account', accountId: r.accountId, username: r.username ?? '' }
          : r.actorKind === 'device' && r.deviceId !== null
            ? {
                kind: 'device',
                deviceId: r.deviceId,
                staffId: r.staffId,
                staffName: r.username,
                approvedBy: r.approvedBy,
              }
            : { kind: 'token' },
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      branchId: r.branchId,
      summary: r.summary,
      details: r.details === null ? null : (JSON.parse(r.details) as Record<string, unknown> | null),
      ip: r.ip,
    }),
    (r) => [r.id],
  );
}
