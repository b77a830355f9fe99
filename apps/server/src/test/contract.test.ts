import { saleApiContract } from '../sales/sale-api.contract.ts';
import { syncApiContract } from '../sync/sync-api.contract.ts';

saleApiContract('sqlite');
syncApiContract('sqlite');
