import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const include = ['test/**/*.test.ts', 'test/**/*.test.tsx'];
const exclude = ['test/e2e/**', 'node_modules/**'];

// Test files share their worker's modules (no fresh module graph per file): each file then reuses what the ones
// before it loaded — fastify, drizzle, zod schemas, PGlite's compiled WebAssembly and its template database — which
// took a third of the suite's time when every file imported them again. A file that replaces a module with
// `vi.mock` needs a graph of its own (the module may already be loaded, unmocked, by an earlier file), so such
// files are found here and run isolated.
const mocksModules = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((file) => /\.test\.tsx?$/.test(file) && !file.startsWith('e2e/'))
  .map((file) => `test/${file}`)
  .filter((file) => /\bvi\.mock\(/.test(readFileSync(file, 'utf8')));

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // A hook that starts a reference server (PGlite boot, then the seeded template) took up to ~18 s on a 2-core
    // machine under a load average of 10-16 (the first start after a source change also builds the template): hooks
    // get several times that, so a busy machine never turns a slow start into a failure.
    hookTimeout: 120_000,
    // Integration suites start in-process servers on PGlite: two cores, keep the pool small.
    maxWorkers: 2,
    // Spies end with their test, so none outlives its file in a shared worker.
    restoreMocks: true,
    projects: [
      { extends: true, test: { name: 'shared-modules', include, exclude: [...exclude, ...mocksModules], isolate: false } },
      { extends: true, test: { name: 'isolated', include: mocksModules, isolate: true } },
    ],
  },
});
