// @ts-check
import { posix } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layerBlocks } from './eslint/layer-rule.js';

/**
 * Layers of the sync engine (packages/sync/src), bottom first: a folder imports only lower rows.
 * deps: injected clock, logger, random; store/transport/status: device storage, the server API,
 * the status model; catalog: the in-memory read side; engine: what the sync steps share; the steps
 * (push, pull, realtime, leadership); client: the engine and its public face; testing: test doubles.
 */
const syncLayers = [
  ['deps'],
  ['store', 'transport', 'status'],
  ['catalog'],
  ['engine'],
  ['outbox', 'pull', 'realtime', 'leader'],
  ['client'],
  ['testing', 'integration'],
];

/**
 * Layers of the cashier app (apps/pos/src), bottom first: common pieces (common/) and i18n, the screens'
 * domain folders (settings uses pairing and sync-status; receipt sits below sell and refunds, whose
 * refund receipts it prints; stock, the till's stock operations, uses sell's scanner),
 * the app shell, and the test helpers.
 */
const posLayers = [
  ['common', 'i18n'],
  ['cart', 'pairing', 'sync-status', 'pwa'],
  ['settings'],
  ['drawer', 'customers'],
  // Receipts of sales and refunds alike: the refund screen prints through them.
  ['receipt'],
  ['sell', 'refunds'],
  ['stock'],
  ['app'],
  ['testing'],
];
// issue 13: who is signed in, PINs, permission gates: its own layer above common and i18n, below
// the screens that gate actions with it (sync-status, settings, sell, receipt).
posLayers.splice(1, 0, ['staff']);

/**
 * The server's layers (docs/architecture.md), lowest first. A file may import from its own layer
 * and the layers below it, never from a layer above. A unit is a folder of apps/server/src, a
 * single file where a folder spans two layers (auth/), or '.' for the files directly in src/.
 * Tests (`*.test.ts`, `*.contract.ts`, `test/`) sit above everything and may import anything.
 */
const SERVER_LAYERS = [
  ['calendar'],
  ['db', 'metrics'],
  ['feed', 'auth/principal.ts', 'auth/token.ts', 'auth/permissions.ts', 'auth/token-cache.ts'],
  ['http'],
  ['auth', 'branches', 'accounts', 'audit', 'reports'],
  [
    'catalog',
    'sales',
    'stock',
    'devices',
    'realtime',
    'monitoring',
    'shifts',
    'refunds',
    'customers',
    'payments',
  ],
  ['sync'],
  ['demo', 'test', '.'],
];
SERVER_LAYERS[5]?.push('staff'); // issue 13: till staff, PINs, till audit events (a domain, layer 5)

/** One `no-restricted-imports` block per unit, forbidding relative imports of every higher unit. */
function serverLayerBlocks() {
  const src = 'apps/server/src';
  const isFile = (u) => u.endsWith('.ts');
  const dirOf = (u) => (isFile(u) ? posix.dirname(u) : u);
  const esc = (x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const name = (u) => (u === '.' ? 'src/*.ts' : u);
  const layerOf = new Map(SERVER_LAYERS.flatMap((units, i) => units.map((u) => [u, i])));
  /** The import specifiers, from a file of `from`, that reach unit `to`. */
  const reach = (from, to, allowedFiles) => {
    if (to === '.') return dirOf(from) === '.' ? '^\\./[^/]+\\.ts$' : '^\\.\\./[^/]+\\.ts$';
    const rel = posix.relative(dirOf(from), isFile(to) ? posix.dirname(to) : to);
    const prefix = rel === '' ? './' : rel.startsWith('.') ? `${rel}/` : `./${rel}/`;
    if (isFile(to)) return `^${esc(prefix + posix.basename(to))}$`;
    // A folder, less its files that sit in a layer the importer may use.
    const except = allowedFiles
      .filter((f) => posix.dirname(f) === to)
      .map((f) => `${esc(posix.basename(f))}$`);
    return `^${esc(prefix)}${except.length > 0 ? `(?!${except.join('|')})` : ''}`;
  };
  const units = [...layerOf.keys()].sort((a, b) => Number(isFile(a)) - Number(isFile(b)));
  return units.flatMap((u) => {
    const layer = layerOf.get(u);
    const allowedFiles = [...layerOf].filter(([f, l]) => isFile(f) && l <= layer).map(([f]) => f);
    const patterns = [...layerOf]
      .filter(([, l]) => l > layer)
      .map(([to, l]) => ({
        regex: reach(u, to, allowedFiles),
        message: `server layers (docs/architecture.md): ${name(u)} is in layer ${layer}, ${name(to)} in layer ${l}; import only from your layer or below`,
      }));
    if (patterns.length === 0) return [];
    return {
      files: [u === '.' ? `${src}/*.ts` : isFile(u) ? `${src}/${u}` : `${src}/${u}/**/*.ts`],
      ignores: ['**/*.test.ts', '**/*.contract.ts', `${src}/test/**`],
      rules: { 'no-restricted-imports': ['error', { patterns }] },
    };
  });
}

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Workspace layering (docs/architecture.md): the blocks below restrict imports per workspace.
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['packages/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@kasir/*'], message: 'protocol is the bottom layer and imports nothing of ours' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@kasir/sync', '@kasir/pos'], message: 'the server depends on protocol only' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/sync/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@kasir/server', '@kasir/pos'],
              message: 'sync depends on protocol only (tests may start a server)',
            },
          ],
        },
      ],
    },
  },
  ...[
    [
      'packages/ui/**/*.{ts,tsx}',
      ['@kasir/sync', '@kasir/server', '@kasir/pos', '@kasir/admin'],
      'ui depends on protocol only',
    ],
    [
      'packages/admin-client/**/*.ts',
      ['@kasir/sync', '@kasir/server', '@kasir/pos', '@kasir/admin', '@kasir/test-kit'],
      'the admin client depends on protocol only',
    ],
    [
      'packages/test-kit/**/*.ts',
      ['@kasir/sync', '@kasir/pos', '@kasir/admin'],
      'the test kit starts servers; it knows no device code',
    ],
    [
      'apps/admin/**/*.{ts,tsx}',
      ['@kasir/sync', '@kasir/server', '@kasir/pos'],
      'the back office talks to the server over HTTP only',
    ],
  ].map(([files, group, message]) => ({
    files: [files],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ group, message }] }] },
  })),
  {
    files: ['**/*.test.ts', 'bench/**/*.ts', 'faults/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // bench and faults use the workspaces through their exports, never a file inside them.
    files: ['bench/**/*.ts', 'faults/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+(apps|packages)/',
              message: 'import a workspace by its package exports (@kasir/...), not a path inside it',
            },
          ],
        },
      ],
    },
  },
  // Device layers (issue 10): no import from a lower folder up to a higher one.
  ...layerBlocks('packages/sync/src', syncLayers, { testKit: 'testing' }),
  ...layerBlocks('apps/pos/src', posLayers, { testKit: 'testing' }),
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // Server layers: no import from a lower layer up to a higher one (see SERVER_LAYERS above).
  ...serverLayerBlocks(),
);
