import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of one server instance, in a registry of its own (no global registry). */
export interface Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly mutations: Counter<'type' | 'status'>;
  readonly realtimeConnections: Gauge;
}

export function createMetrics(connectedCount: () => number): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'kasir_http_request_duration_seconds',
      help: 'HTTP request duration by route',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    mutations: new Counter({
      name: 'kasir_mutations_total',
      help: 'Mutations received, by type and outcome',
      labelNames: ['type', 'status'],
      registers: [registry],
    }),
    realtimeConnections: new Gauge({
      name: 'kasir_realtime_connections',
      help: 'Connected realtime sockets in this process',
      registers: [registry],
      collect() {
        this.set(connectedCount());
      },
    }),
  };
}
