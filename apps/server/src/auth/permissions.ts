import { Permission } from '@kasir/protocol';

/**
 * What a principal may do beyond selling (issue 17). Today a device's own permissions, set by the
 * admin API; once staff sign in on a till, the signed-in person's permissions take their place
 * here and every check (`can`) stays as it is.
 */
export interface Permitted {
  readonly permissions: readonly Permission[];
}

/** Whether the principal holds `permission`. */
export const can = (who: Permitted, permission: Permission): boolean => who.permissions.includes(permission);

/** Stored permissions (a JSON array) to a list, dropping any name this server does not know. */
export function parsePermissions(json: string): Permission[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw.filter((p): p is Permission => Permission.safeParse(p).success);
}

/** A list of permissions as stored: unique, in a fixed order. */
export const storePermissions = (ps: readonly Permission[]): string =>
  JSON.stringify(Permission.options.filter((p) => ps.includes(p)));
