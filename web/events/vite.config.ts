import { fileURLToPath } from 'node:url';

import { defineConfig } from 'vite';

/**
 * Builds the Event Viewer (`GET /events`) into `web/events/dist/`: `npm run build:web`, also run by `npm ci`.
 *
 * No plugin: esbuild compiles the TSX with Preact's automatic JSX runtime. Every asset is emitted as a file under
 * `/events/assets/` (nothing inlined), so the page's Content-Security-Policy can stay `'self'` only.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/events/',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    // The module preload polyfill would be inlined into the HTML as a script (one entry chunk: nothing to preload).
    modulePreload: { polyfill: false },
  },
});
