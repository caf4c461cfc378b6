// Packaging runs only on the release runners (it needs the Electron binary and each platform's tools). What can break
// it is checked here, before a release: electron-builder's own validation of electron-builder.yml, and that the
// packaged app holds what its bundles load at run time.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MAIN_EXTERNALS } from '../../../main/vite.config';

type BuilderConfig = { asarUnpack?: string[] } & Record<string, unknown>;
const config = parse(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };

// electron-builder's validator, loaded the way electron-builder itself loads it.
const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own validation, which would otherwise fail first on a release runner', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  }, 60_000);

  it('the validation bites: a misspelt option is refused', async () => {
    const { electronFuses, ...rest } = config;
    await expect(validateConfiguration({ ...rest, electronFuse: electronFuses }, new DebugLogger(false))).rejects.toThrow(/configuration/i);
  }, 60_000);
});

describe('what the packaged app loads is packaged', () => {
  // electron-builder packs `dependencies` (never devDependencies) into the app's node_modules.
  const runtimeExternals = MAIN_EXTERNALS.filter((name) => name !== 'electron');

  it('every module the main bundles leave external is a production dependency', () => {
    expect(runtimeExternals.filter((name) => !(name in pkg.dependencies))).toEqual([]);
  });

  it('every external native module is unpacked from asar (a .node file cannot load from inside it)', () => {
    const native = runtimeExternals.filter((name) => existsSync(path.join('node_modules', name, 'binding.gyp')));
    expect(native).toContain('better-sqlite3-multiple-ciphers');
    expect(native.filter((name) => !(config.asarUnpack ?? []).includes(`node_modules/${name}/**`))).toEqual([]);
  });
});
