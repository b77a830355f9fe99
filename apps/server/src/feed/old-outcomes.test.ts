import { oldOutcomesContract } from './old-outcomes.contract.ts';

oldOutcomesContract('sqlite');
