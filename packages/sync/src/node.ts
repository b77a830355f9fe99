// Node-only helpers (they use node:net): the TCP fault proxy for integration tests and the simulator.
export { startTcpProxy, type TcpProxy } from './testing/tcp-proxy.ts';
