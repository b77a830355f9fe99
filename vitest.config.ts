import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'protocol', include: ['packages/protocol/src/**/*.test.ts'] } },
      { test: { name: 'admin-client', include: ['packages/admin-client/src/**/*.test.ts'] } },
      { test: { name: 'test-kit', include: ['packages/test-kit/src/**/*.test.ts'], testTimeout: 30_000 } },
      { test: { name: 'sync', include: ['packages/sync/src/**/*.test.ts'], testTimeout: 30_000 } },
      {
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      { test: { name: 'pos', include: ['apps/pos/src/**/*.test.ts'] } },
      { test: { name: 'ui', include: ['packages/ui/src/**/*.test.ts'] } },
      { test: { name: 'admin', include: ['apps/admin/src/**/*.test.ts'] } },
      // The benchmarks' own logic (configs, statistics); the benchmarks themselves run by npm scripts.
      { test: { name: 'bench', include: ['bench/lib/**/*.test.ts', 'bench/fleet/**/*.test.ts'] } },
      {
        // The back office in Chromium against the real server, a till paired beside it (apps/admin/e2e).
        test: {
          name: 'admin-e2e',
          include: ['apps/admin/e2e/**/*.test.ts'],
          globalSetup: ['apps/admin/e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The fault suite (issue 6): short seeded runs here; `npm run test:faults` runs it long.
        test: {
          name: 'faults',
          include: ['faults/**/*.test.ts'],
          // The device faults run the built cashier app in Chromium (faults/device).
          globalSetup: ['apps/pos/e2e/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 120_000,
          // Scenarios kill processes and time recoveries: one file at a time keeps them honest.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/pos/e2e/**/*.test.ts'],
          globalSetup: ['apps/pos/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
