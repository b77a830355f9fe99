import type { Role } from '@kasir/protocol';

/**
 * Who an admin request acts for: the admin bearer token (scripts; an owner's rights) or a signed-in
 * account. Rights are decided here from the role, so a new role (till staff) is a new case.
 */
export type AdminPrincipal =
  | { readonly kind: 'token' }
  | {
      readonly kind: 'account';
      readonly accountId: string;
      readonly username: string;
      readonly displayName: string;
      readonly role: Role;
      /** The branches a manager was given; ignored for an owner. */
      readonly branchIds: readonly string[];
      readonly canEditCatalog: boolean;
      readonly sessionHash: string;
    };

export const TOKEN_PRINCIPAL: AdminPrincipal = { kind: 'token' };

/** Everything: the token and owners. */
export function isOwner(p: AdminPrincipal): boolean {
  return p.kind === 'token' || p.role === 'owner';
}

/** Whether `p` may see and run branch `branchId` (its devices, stock, sales and reports). */
export function canUseBranch(p: AdminPrincipal, branchId: string): boolean {
  return isOwner(p) || (p.kind === 'account' && p.branchIds.includes(branchId));
}

/** The shared catalog: owners, and managers allowed to edit it. */
export function canEditCatalog(p: AdminPrincipal): boolean {
  return isOwner(p) || (p.kind === 'account' && p.canEditCatalog);
}

/** The branches a list is limited to: undefined = every branch. */
export function branchLimit(p: AdminPrincipal): readonly string[] | undefined {
  return isOwner(p) ? undefined : p.kind === 'account' ? p.branchIds : [];
}
