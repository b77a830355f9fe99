import { tokenStorageContract } from './token-storage.contract.ts';

tokenStorageContract('postgres');
