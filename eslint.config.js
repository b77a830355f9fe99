// @ts-check
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
 * Layers of the cashier app (apps/pos/src), bottom first: shared pieces and i18n, the screens'
 * domain folders (settings uses pairing and sync-status; sell and receipt use those below them),
 * the app shell, and the test helpers.
 */
const posLayers = [
  ['shared', 'i18n'],
  ['cart', 'pairing', 'sync-status', 'pwa'],
  ['settings'],
  ['sell', 'receipt'],
  ['app'],
  ['testing'],
];

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
      // Layering (DESIGN §1): protocol imports nothing of ours; server never imports sync or pos.
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
  {
    files: ['**/*.test.ts', 'bench/**/*.ts', 'faults/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // Device layers (issue 10): no import from a lower folder up to a higher one.
  ...layerBlocks('packages/sync/src', syncLayers, { testKit: 'testing' }),
  ...layerBlocks('apps/pos/src', posLayers, { testKit: 'testing' }),
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
