import { createAdminClient, unwrap, type AdminClient } from '@kasir/admin-client';
import type {
  Branch,
  DeviceCreated,
  Permission,
  Product,
  ProductInput,
  StaffMember,
  StaffRole,
} from '@kasir/protocol';

/**
 * The admin calls a test makes to set a shop up, over the typed admin client: each returns its
 * value or throws (set-up is not what such a test is about). `client` has the results as values.
 */
export interface AdminSetup {
  readonly client: AdminClient;
  /** A branch; its name defaults to the code. */
  branch(code: string, name?: string): Promise<Branch>;
  /** An enrolled device and its token; a till may only sell unless given `permissions`. */
  device(branchId: string, name: string, permissions?: readonly Permission[]): Promise<DeviceCreated>;
  /** A device enrolled for a person to pair: its one-time pairing code. */
  pairingCode(branchId: string, name: string): Promise<string>;
  products(inputs: readonly ProductInput[]): Promise<Product[]>;
  /** Receives `delta` units of a product into a branch's stock. */
  stock(branchId: string, productId: string, delta: number): Promise<void>;
  revoke(deviceId: string): Promise<void>;
  /** A till staff member of one branch with a PIN (issue 13). */
  staff(branchId: string, name: string, role: StaffRole, pin: string): Promise<StaffMember>;
}

/** Set-up calls over `client`. */
export function adminSetup(client: AdminClient): AdminSetup {
  const device = async (
    branchId: string,
    name: string,
    permissions?: readonly Permission[],
  ): Promise<DeviceCreated> =>
    unwrap(
      await client.createDevice({
        branchId,
        name,
        ...(permissions === undefined ? {} : { permissions: [...permissions] }),
      }),
      `enrol device ${name}`,
    );
  return {
    client,
    branch: async (code, name = code) =>
      unwrap(await client.createBranch({ code, name }), `create branch ${code}`),
    device,
    async pairingCode(branchId, name) {
      const { id } = await device(branchId, name);
      return unwrap(await client.createPairingCode(id), `pairing code for ${name}`).code;
    },
    products: async (inputs) => unwrap(await client.upsertProducts(inputs), 'upsert products'),
    async stock(branchId, productId, delta) {
      unwrap(await client.moveStock({ branchId, productId, delta, reason: 'receive' }), 'receive stock');
    },
    async revoke(deviceId) {
      unwrap(await client.revokeDevice(deviceId), `revoke device ${deviceId}`);
    },
    staff: async (branchId, name, role, pin) =>
      unwrap(await client.createStaff({ name, role, branchIds: [branchId], pin }), `create staff ${name}`),
  };
}

/** Set-up calls of the server at `baseUrl` with its admin `token`. */
export const connectAdmin = (baseUrl: string, token: string): AdminSetup =>
  adminSetup(createAdminClient({ baseUrl, token }));

/** A branch `code` with `count` products (`<code>-1`...), each with `stock` on hand. */
export interface SeededBranch {
  readonly branchId: string;
  readonly products: Product[];
  /** Stock per product before anyone sold: the base of the exactly-once check. */
  readonly baseStock: Map<string, number>;
}

/** Creates a branch with `count` products priced 1,000, 2,000, ... and `stock` of each. */
export async function seedBranch(
  admin: AdminSetup,
  code: string,
  count: number,
  stock: number,
): Promise<SeededBranch> {
  const branch = await admin.branch(code, `Toko ${code}`);
  const products = await admin.products(
    Array.from({ length: count }, (_, i) => ({
      sku: `${code}-${i + 1}`,
      name: `Barang ${code} ${i + 1}`,
      price: 1_000 * (i + 1),
      barcode: `${code}${String(i + 1).padStart(6, '0')}`,
    })),
  );
  const baseStock = new Map<string, number>();
  for (const p of products) {
    await admin.stock(branch.id, p.id, stock);
    baseStock.set(p.id, stock);
  }
  return { branchId: branch.id, products, baseStock };
}
