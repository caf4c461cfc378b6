import { defineConfig } from '@playwright/test';

// End-to-end tests drive the real renderer in Debian's Chromium through the headless host (never a downloaded browser).
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // Builds the renderer (vite) once; each spec starts the server, core and headless host it needs.
  globalSetup: './test/e2e/global-setup.ts',
  // Two spec files at a time: each runs its own server, core and host, and most of a test's time is spent waiting
  // (sync rounds, undo windows, reconnections), so two workers share two cores without starving each other.
  // Tests within a file stay in order (they share that file's stack).
  workers: 2,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--lang=fr-FR', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
    },
    screenshot: 'only-on-failure',
    locale: 'fr-FR',
    viewport: { width: 1440, height: 900 },
    timezoneId: 'Europe/Paris',
  },
});
