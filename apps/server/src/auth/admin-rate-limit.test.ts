import { adminRateLimitContract } from './admin-rate-limit.contract.ts';

adminRateLimitContract('sqlite');
