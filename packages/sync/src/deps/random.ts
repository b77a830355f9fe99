/**
 * A source of uniform numbers in [0, 1); injected so backoff jitter is reproducible in tests, where
 * `seededRandom` (mulberry32, shared with the server through the protocol package) gives one.
 */
export { seededRandom, type Random } from '@kasir/protocol';
