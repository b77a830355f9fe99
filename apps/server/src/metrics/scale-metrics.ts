import { Gauge, type Registry } from 'prom-client';
import type { Db } from '../db/open-database.ts';

/** The fan-out's face that metrics read (realtime/redis-fanout.ts). */
export interface FanoutHealth {
  state(): 'up' | 'down';
  errorCount(): number;
}

/**
 * What an operator of several processes watches (docs/deploy.md): the PostgreSQL pool of this
 * process, and whether realtime fan-out through Redis works.
 */
export function registerScaleMetrics(registry: Registry, db: Db, fanout: FanoutHealth | undefined): void {
  const pool = db.pool;
  if (pool !== undefined) {
    new Gauge({
      name: 'kasir_db_pool_connections',
      help: 'PostgreSQL pool of this process: max, total, idle, and queries waiting for a connection',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const p = pool();
        this.set({ state: 'max' }, p.max);
        this.set({ state: 'total' }, p.total);
        this.set({ state: 'idle' }, p.idle);
        this.set({ state: 'waiting' }, p.waiting);
      },
    });
  }
  if (fanout !== undefined) {
    new Gauge({
      name: 'kasir_redis_up',
      help: '1 while realtime fan-out through Redis works, 0 during an outage',
      registers: [registry],
      collect() {
        this.set(fanout.state() === 'up' ? 1 : 0);
      },
    });
    new Gauge({
      name: 'kasir_redis_connection_errors',
      help: 'Failed Redis connection attempts since the process started',
      registers: [registry],
      collect() {
        this.set(fanout.errorCount());
      },
    });
  }
}
