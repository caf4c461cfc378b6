// Builds the real renderer once before the end-to-end run, so `npm run test:e2e` needs no other step.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

export default async function globalSetup(): Promise<void> {
  await build({ configFile: fileURLToPath(new URL('../../renderer/vite.config.ts', import.meta.url)), logLevel: 'warn' });
}
