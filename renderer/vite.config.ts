// Renderer build: a plain static bundle loaded by Electron (file://) or by the headless host, hence relative
// asset paths. Styles live in CSS files so a strict CSP without 'unsafe-inline' keeps working.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // No inline module preload polyfill script: it would need 'unsafe-inline'.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // Libraries in their own chunks, each under Vite's 500 kB warning: they change less often than our code, and
    // react-aria alone is most of the bundle.
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: 'react-aria', test: /node_modules[\\/](react-aria|react-aria-components|react-stately|@react-aria|@react-stately|@react-types|@internationalized)[\\/]/, priority: 2 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] } },
});
