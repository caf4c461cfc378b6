// The packaging configuration as the issue asks for it, asserted from the files electron-builder reads: packaging
// itself needs the Electron binary and the platforms' tools, so it runs only on the release runners.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';


const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };

describe('electron-builder.yml', () => {
  it('builds a per-user NSIS installer for Windows', () => {
    expect(config.win.target.map((t: { target: string }) => t.target)).toContain('nsis');
    expect(config.nsis).toMatchObject({ perMachine: false, oneClick: false, allowElevation: false });
  });

  it('builds dmg and zip for macOS with the hardened runtime and notarisation', () => {
    expect(config.mac.target.map((t: { target: string }) => t.target).sort()).toEqual(['dmg', 'zip']);
    expect(config.mac).toMatchObject({ hardenedRuntime: true, notarize: true });
  });

  it('unpacks the native SQLCipher module from asar', () => {
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3-multiple-ciphers/**');
    expect(config.npmRebuild).toBe(false); // scripts/dist.ts rebuilds for Electron, then restores the Node build
  });

  it('publishes to a configurable update feed', () => {
    expect(config.publish).toMatchObject({ provider: 'generic', url: '${env.RAFAEL_UPDATE_URL}' });
  });
});

describe('fuses (electron-builder flips them before signing)', () => {
  it('the app cannot run as Node nor take injected code, and loads only its checked asar', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.afterPack).toBeUndefined();
  });
});

describe('npm scripts', () => {
  it('never rebuild native modules for Electron at install time', () => {
    expect(Object.keys(pkg.scripts)).not.toContain('postinstall');
    expect(pkg.scripts.dist).toContain('scripts/dist.ts');
  });
});
