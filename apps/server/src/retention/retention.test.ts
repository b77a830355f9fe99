import { retentionContract } from './retention.contract.ts';

retentionContract('sqlite');
