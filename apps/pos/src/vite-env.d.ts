/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** apps/pos/package.json's version, set by vite.config.ts (absent under Vitest). */
  readonly KASIR_APP_VERSION?: string;
}
