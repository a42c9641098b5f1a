import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The leads' dashboard: one static page the collector serves at `/` from
 * dist/dashboard/, same origin as the API. Built on `npm ci` (postinstall), so
 * it is kept lean: no sourcemaps, no legacy targets, one JS and one CSS file.
 */
const root = fileURLToPath(new URL('.', import.meta.url));
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // Nothing in this folder is copied verbatim: every asset is imported.
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The collector's CSP forbids inline scripts and styles: never inline assets as data: URLs either.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
});
