import { deviceStoreContract } from '../testing/device-store.contract.ts';
import { createMemoryStore } from './memory-store.ts';

deviceStoreContract('memory', { open: () => Promise.resolve(createMemoryStore()) });
