import { feedConcurrencyContract } from '../sync/feed-concurrency.contract.ts';

feedConcurrencyContract('sqlite');
