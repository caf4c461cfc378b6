// Whether the Electron binary can be used on this machine. The npm package only holds a downloader: the binary
// arrives from GitHub at install time, which our build machines cannot reach.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function electronBinary(root: string): string | null {
  const pkg = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = path.join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

export const NO_ELECTRON_MESSAGE = [
  'Electron n’est pas disponible sur cette machine : ouverture du mode navigateur.',
  'Electron is not available on this machine: opening browser mode instead.',
].join('\n');
