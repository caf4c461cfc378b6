// Keeps the Electron-ABI build of the SQLCipher module apart from the Node-ABI one in node_modules: a copy of the
// package is rebuilt for Electron under native-electron/, and the shell is told its path (RAFAEL_NATIVE_BINDING ->
// better-sqlite3's `nativeBinding` option). Tests and the headless host keep using node_modules untouched, so
// `npm start` and `npm test` work in either order.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const NATIVE_MODULE = 'better-sqlite3-multiple-ciphers';

export function electronVersion(root: string): string {
  return (JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
}

export function nativeElectronBinding(root: string): string {
  return path.join(root, 'native-electron', `electron-${electronVersion(root)}`, 'better_sqlite3.node');
}

/** Returns the path of the Electron-ABI binding, building it when missing. Throws when the rebuild fails. */
export function ensureNativeElectronBinding(root: string): string {
  const target = nativeElectronBinding(root);
  if (existsSync(target) && statSync(target).size > 0) return target;
  const stage = path.join(root, 'native-electron', 'stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(path.join(stage, 'node_modules'), { recursive: true });
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ name: 'native-electron-stage', private: true, dependencies: { [NATIVE_MODULE]: '*' } }));
  cpSync(path.join(root, 'node_modules', NATIVE_MODULE), path.join(stage, 'node_modules', NATIVE_MODULE), { recursive: true });
  // @electron/rebuild (shipped with electron-builder) fetches Electron's headers: needs the network.
  const rebuild = spawnSync(
    path.join(root, 'node_modules', '.bin', 'electron-rebuild'),
    ['--version', electronVersion(root), '--module-dir', stage, '--only', NATIVE_MODULE, '--force'],
    { stdio: 'inherit', shell: process.platform === 'win32' },
  );
  if (rebuild.status !== 0) throw new Error('electron-rebuild failed');
  mkdirSync(path.dirname(target), { recursive: true });
  cpSync(path.join(stage, 'node_modules', NATIVE_MODULE, 'build', 'Release', 'better_sqlite3.node'), target);
  rmSync(stage, { recursive: true, force: true });
  return target;
}
