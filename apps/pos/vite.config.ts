import react from '@vitejs/plugin-react';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { serviceWorkerSource } from './src/pwa/service-worker-source.ts';

/** Writes `sw.js` with the list of every emitted file, so the app shell is cached at install. */
function serviceWorker(): Plugin {
  return {
    name: 'kasir-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = [
        './',
        './manifest.webmanifest',
        './icon.svg',
        ...Object.keys(bundle).map((f) => `./${f}`),
      ];
      const version = String(Date.now());
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(files, version) });
    },
  };
}

// `npm run dev -w @kasir/pos`: the app on Vite's dev server, the API proxied to a running server,
// so the page's own origin (the default server URL) works for pairing too.
const devServer = process.env['KASIR_SERVER_URL'] ?? 'http://localhost:8080';

/** The till reports its version to the back office (device health): the package's own. */
const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  define: { 'import.meta.env.KASIR_APP_VERSION': JSON.stringify(version) },
  plugins: [react(), serviceWorker()],
  server: { proxy: { '/api': devServer, '/socket.io': { target: devServer, ws: true } } },
  // What the till needs to start is one chunk (React, Dexie, zod's schemas, the screens: some 790 KB);
  // the thermal printer's encoder and the QR code are chunks of their own, loaded when first used
  // (receipt/printing.ts, receipt-view.tsx, qris-code.tsx). The service worker precaches them all.
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 900 },
});
