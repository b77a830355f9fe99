import { describe } from 'vitest';
import { authorizationMatrixContract } from '../auth/authorization-matrix.contract.ts';
import { authApiContract } from '../devices/auth-api.contract.ts';
import { pairingApiContract } from '../devices/pairing-api.contract.ts';
import { hardeningContract } from '../http/hardening.contract.ts';
import { inputFuzzContract } from '../http/input-fuzz.contract.ts';
import { realtimeContract } from '../realtime/realtime.contract.ts';
import { saleApiContract } from '../sales/sale-api.contract.ts';
import { feedConcurrencyContract } from '../sync/feed-concurrency.contract.ts';
import { robustnessContract } from '../sync/robustness.contract.ts';
import { syncApiContract } from '../sync/sync-api.contract.ts';
import { ENGINES } from './test-database.ts';

/** Every contract suite of the server's API; each one runs on every engine. */
const CONTRACTS = [
  authApiContract,
  saleApiContract,
  syncApiContract,
  realtimeContract,
  pairingApiContract,
  robustnessContract,
  hardeningContract,
  authorizationMatrixContract,
  inputFuzzContract,
  feedConcurrencyContract,
];

describe.each(ENGINES)('contracts on %s', (engine) => {
  for (const contract of CONTRACTS) contract(engine);
});
