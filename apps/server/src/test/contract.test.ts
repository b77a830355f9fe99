import { describe } from 'vitest';
import { backOfficeAuthContract } from '../accounts/back-office-auth.contract.ts';
import { adminRateLimitContract } from '../auth/admin-rate-limit.contract.ts';
import { authorizationMatrixContract } from '../auth/authorization-matrix.contract.ts';
import { catalogChecksumContract } from '../catalog/catalog-checksum.contract.ts';
import { productImagesContract } from '../catalog/product-images.contract.ts';
import { lockoutAbuseContract } from '../auth/lockout-abuse.contract.ts';
import { authApiContract } from '../devices/auth-api.contract.ts';
import { pairingApiContract } from '../devices/pairing-api.contract.ts';
import { tokenStorageContract } from '../devices/token-storage.contract.ts';
import { oldOutcomesContract } from '../feed/old-outcomes.contract.ts';
import { deviceAbuseContract } from '../http/device-abuse.contract.ts';
import { hardeningContract } from '../http/hardening.contract.ts';
import { inputFuzzContract } from '../http/input-fuzz.contract.ts';
import { transportAbuseContract } from '../http/transport-abuse.contract.ts';
import { realtimeContract } from '../realtime/realtime.contract.ts';
import { saleApiContract } from '../sales/sale-api.contract.ts';
import { saleBatchContract } from '../sales/sale-batch.contract.ts';
import { feedConcurrencyContract } from '../sync/feed-concurrency.contract.ts';
import { backOfficeDataContract } from '../reports/back-office-data.contract.ts';
import { robustnessContract } from '../sync/robustness.contract.ts';
import { stockOperationsContract } from '../stock/stock-operations.contract.ts';
import { syncApiContract } from '../sync/sync-api.contract.ts';
import { paymentWebhookContract } from '../payments/payment-webhook.contract.ts';
import { saleAuditContract } from '../sync/sale-audit.contract.ts';
import { salesWindowContract } from '../sync/sales-window.contract.ts';
import { staffContract } from '../staff/staff.contract.ts';
import { shiftApiContract } from '../shifts/shift-api.contract.ts';
import { refundApiContract } from '../refunds/refund-api.contract.ts';
import { customerApiContract } from '../customers/customer-api.contract.ts';
import { shopSettingsContract } from '../branches/shop-settings.contract.ts';
import { tillSettingsMigrationsContract } from '../db/till-settings-migrations.contract.ts';
import { alertsSyncContract } from '../monitoring/alerts-sync.contract.ts';
import { ENGINES } from './test-database.ts';

/**
 * Every contract suite of the server, registered here once: each runs on every engine (ENGINES).
 * A new `*.contract.ts` is added to this list, not registered in a file of its own.
 */
const CONTRACTS = [
  authApiContract,
  saleApiContract,
  saleBatchContract,
  syncApiContract,
  realtimeContract,
  pairingApiContract,
  robustnessContract,
  hardeningContract,
  authorizationMatrixContract,
  inputFuzzContract,
  transportAbuseContract,
  lockoutAbuseContract,
  deviceAbuseContract,
  adminRateLimitContract,
  tokenStorageContract,
  oldOutcomesContract,
  feedConcurrencyContract,
  catalogChecksumContract,
  backOfficeAuthContract,
  backOfficeDataContract,
  paymentWebhookContract,
  saleAuditContract,
  salesWindowContract,
  stockOperationsContract,
  staffContract,
  shiftApiContract,
  refundApiContract,
  customerApiContract,
  shopSettingsContract,
  tillSettingsMigrationsContract,
  productImagesContract,
  alertsSyncContract,
];

describe.each(ENGINES)('contracts on %s', (engine) => {
  for (const contract of CONTRACTS) contract(engine);
});
