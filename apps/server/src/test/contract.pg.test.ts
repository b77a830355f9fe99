import { backOfficeAuthContract } from '../accounts/back-office-auth.contract.ts';
import { backOfficeDataContract } from '../reports/back-office-data.contract.ts';
import { authorizationMatrixContract } from '../auth/authorization-matrix.contract.ts';
import { lockoutAbuseContract } from '../auth/lockout-abuse.contract.ts';
import { authApiContract } from '../devices/auth-api.contract.ts';
import { hardeningContract } from '../http/hardening.contract.ts';
import { inputFuzzContract } from '../http/input-fuzz.contract.ts';
import { transportAbuseContract } from '../http/transport-abuse.contract.ts';
import { pairingApiContract } from '../devices/pairing-api.contract.ts';
import { realtimeContract } from '../realtime/realtime.contract.ts';
import { saleApiContract } from '../sales/sale-api.contract.ts';
import { robustnessContract } from '../sync/robustness.contract.ts';
import { syncApiContract } from '../sync/sync-api.contract.ts';

// The same suites as contract.test.ts, on the real PostgreSQL server.
authApiContract('postgres');
saleApiContract('postgres');
syncApiContract('postgres');
realtimeContract('postgres');
pairingApiContract('postgres');
robustnessContract('postgres');
hardeningContract('postgres');
authorizationMatrixContract('postgres');
inputFuzzContract('postgres');
transportAbuseContract('postgres');
lockoutAbuseContract('postgres');
backOfficeAuthContract('postgres');
backOfficeDataContract('postgres');
