// `npm run dist [-- --win | --mac] [--publish always]`: builds the bundles, rebuilds the native SQLCipher module
// for Electron's ABI (electron-builder install-app-deps: it downloads Electron headers, hence here and never in
// postinstall), packages with electron-builder.yml, then puts the Node-ABI build back so `npm test` keeps working.
// Runs on the release runners (.github/workflows/release.yml); our build machines cannot download Electron.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { NATIVE_MODULE } from './native-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

async function main(): Promise<void> {
  const passThrough = process.argv.slice(2);
  for (const config of ['renderer', 'main', 'preload']) await build({ configFile: path.join(root, config, 'vite.config.ts'), logLevel: 'warn' });
  try {
    run(bin('electron-builder'), ['install-app-deps']);
    run(bin('electron-builder'), ['--config', 'electron-builder.yml', ...passThrough]);
  } finally {
    // Back to the Node ABI for tests and the headless host.
    run(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['rebuild', NATIVE_MODULE]);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
