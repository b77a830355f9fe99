import { tokenStorageContract } from './token-storage.contract.ts';

tokenStorageContract('sqlite');
