import { z } from 'zod';
import { Uuid } from '../ids.ts';
import { text } from '../text.ts';

/**
 * Who a person is in the back office. `owner`: everything, manages accounts. `manager`: the branches
 * in `branchIds` (their devices, stock, sales and reports) and the shared catalog read-only unless
 * `canEditCatalog`. The enum grows (till staff come later); clients must show unknown roles as such.
 */
export const Role = z.enum(['owner', 'manager']);
export type Role = z.infer<typeof Role>;

/** Lower-case letters, digits, `.`, `_` and `-`; compared case-insensitively (stored lower-case). */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(50)
  .regex(/^[a-z0-9._-]+$/, 'username: letters, digits, . _ and - only');

export const DisplayName = text(1, 100);

/** At least 10 characters (issue 11); at most 200 so a KDF is never fed megabytes. */
export const MIN_PASSWORD_LENGTH = 10;
export const Password = z.string().min(MIN_PASSWORD_LENGTH).max(200);

/** Name of the httpOnly, SameSite=Strict session cookie. */
export const SESSION_COOKIE = 'kasir_session';

/** `GET /api/auth/setup` (no auth): whether `/admin` must show the first-run screen. */
export const AuthSetupStatus = z.object({ needsOwner: z.boolean() });
export type AuthSetupStatus = z.infer<typeof AuthSetupStatus>;

/**
 * `POST /api/auth/setup` -> 201 `Me` and the session cookie, only while no owner exists (then 409
 * `already_exists`). `setupToken` is the admin token printed at first start (401 when wrong).
 */
export const SetupBody = z.strictObject({
  setupToken: z.string().min(1).max(500),
  username: Username,
  displayName: DisplayName,
  password: Password,
});
export type SetupBody = z.infer<typeof SetupBody>;

/** `POST /api/auth/login` -> 200 `Me` and the cookie; 401 `unauthorized` (no hint which part), 429. */
export const LoginBody = z.strictObject({
  username: z.string().trim().toLowerCase().min(1).max(50),
  password: z.string().min(1).max(200),
});
export type LoginBody = z.infer<typeof LoginBody>;

/** `GET /api/auth/me` -> who the session (or the admin token) is. */
export const Me = z.object({
  username: z.string(),
  displayName: z.string(),
  role: Role,
  /** The branches this person may see; every branch for an owner (and the admin token). */
  branchIds: z.array(Uuid),
  /**
   * Whether this person may create, edit and import products (an owner, or a manager given the
   * catalog right): the back office offers those screens only then. Optional on the wire, so an
   * older server's answer still parses (then the server's 403 is the answer, as before).
   */
  canEditCatalog: z.boolean().optional(),
});
export type Me = z.infer<typeof Me>;

/** `POST /api/auth/password` -> 204; signs out every other session of the account. */
export const PasswordChangeBody = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: Password,
});
export type PasswordChangeBody = z.infer<typeof PasswordChangeBody>;

/** `POST /api/admin/accounts` (owner only) -> 201 `Account`; 409 `already_exists` for a taken name. */
export const AccountCreateBody = z.strictObject({
  username: Username,
  displayName: DisplayName,
  password: Password,
  role: Role,
  /** Ignored for an owner (who sees every branch); at least one for a manager. */
  branchIds: z.array(Uuid).max(500),
  canEditCatalog: z.boolean().optional(),
});
export type AccountCreateBody = z.infer<typeof AccountCreateBody>;

/**
 * `PATCH /api/admin/accounts/:id` (owner only). A new `password` signs out the account's sessions;
 * `disabled: true` signs them out and refuses logins. An owner cannot demote or disable the last owner.
 */
export const AccountUpdateBody = z.strictObject({
  displayName: DisplayName.optional(),
  role: Role.optional(),
  branchIds: z.array(Uuid).max(500).optional(),
  canEditCatalog: z.boolean().optional(),
  password: Password.optional(),
  disabled: z.boolean().optional(),
});
export type AccountUpdateBody = z.infer<typeof AccountUpdateBody>;

/** An account as `GET /api/admin/accounts` lists it (never a password hash). */
export const Account = z.object({
  id: Uuid,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  branchIds: z.array(Uuid),
  canEditCatalog: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type Account = z.infer<typeof Account>;

export const AccountList = z.array(Account);
