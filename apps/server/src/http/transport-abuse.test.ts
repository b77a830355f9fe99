import { transportAbuseContract } from './transport-abuse.contract.ts';

transportAbuseContract('sqlite');
