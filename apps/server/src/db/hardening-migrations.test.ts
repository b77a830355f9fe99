import { hardeningMigrationsContract } from './hardening-migrations.contract.ts';

hardeningMigrationsContract('sqlite');
