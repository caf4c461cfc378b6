import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 30_000,
    // A hook that starts a reference server (PGlite boot, then the seeded template) took up to ~18 s on a 2-core
    // machine under a load average of 10-16 (the first start after a source change also builds the template): hooks
    // get several times that, so a busy machine never turns a slow start into a failure.
    hookTimeout: 120_000,
    // Integration suites start in-process servers on PGlite: two cores, keep the pool small.
    maxWorkers: 2,
  },
});
