// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
        { patterns: [{ group: ['@kasir/*'], message: 'protocol is the bottom layer and imports nothing of ours' }] },
      ],
    },
  },
  {
    files: ['apps/server/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@kasir/sync', '@kasir/pos'], message: 'the server depends on protocol only' }] },
      ],
    },
  },
  {
    files: ['packages/sync/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@kasir/server', '@kasir/pos'], message: 'sync depends on protocol only (tests may start a server)' }] },
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
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
