// Main-process bundles for Electron: dist/main/index.cjs (the shell) and dist/main/core-process.cjs (the core's
// utility process), CommonJS for Node. Native and self-updating packages stay external: electron-builder ships them
// from node_modules (the native SQLite module unpacked from asar and rebuilt for Electron). The core's migrations are
// copied next to the bundle, where main/core/db/open-database.ts looks for them.
import { builtinModules } from 'node:module';
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const outDir = here('../dist/main');

export const MAIN_EXTERNALS = ['electron', 'better-sqlite3-multiple-ciphers', 'electron-updater', 'pino', 'pino-roll'];

const entries: Record<string, string> = { index: here('./shell/index.ts') };
// The core process entry needs main/core; built as soon as it is there.
if (existsSync(here('./shell/core-process.ts'))) entries['core-process'] = here('./shell/core-process.ts');

export default defineConfig({
  // What ships is production: the IPC dispatcher leaves out its development check of handler results.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir,
    emptyOutDir: true,
    ssr: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: entries,
      external: [...MAIN_EXTERNALS, ...builtinModules, /^node:/, /^electron\//],
      output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/[name]-[hash].cjs' },
    },
  },
  ssr: { noExternal: true, target: 'node' },
  plugins: [
    {
      name: 'copy-core-migrations',
      closeBundle() {
        const migrations = here('./core/db/migrations');
        if (existsSync(migrations)) cpSync(migrations, `${outDir}/core-migrations`, { recursive: true });
      },
    },
  ],
});
