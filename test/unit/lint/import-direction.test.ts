// The import direction of docs/architecture.md, as the repository's eslint.config.js enforces it: renderer and preload never
// reach into main or server, main/core never touches Electron (it must run under plain Node) nor the shell, server
// imports shared only, and shared stays free of every process and of I/O. Each case lints a snippet as if it lived
// at the given path, through ESLint's Node API and the real config.
import { beforeAll, describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const TIMEOUT = 30_000;
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
}, TIMEOUT);

/** The import-direction messages (no-restricted-imports, and no-restricted-syntax for dynamic import()) for `code` placed at `filePath` (other rules are not this test's business). */
async function restricted(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result, `no lint result for ${filePath}`).toBeDefined();
  // A file ESLint ignores would come back with a single "File ignored" warning and prove nothing.
  expect(result!.messages.filter((m) => m.ruleId === null).map((m) => m.message)).toEqual([]);
  return result!.messages.filter((m) => (m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax') && m.severity === 2).map((m) => m.message);
}

type Case = [filePath: string, code: string];

describe('import direction: refused', () => {
  it.each<Case>([
    ['main/core/x.ts', "import 'electron';"],
    ['main/core/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['main/core/x.ts', "import type { App } from 'electron';\nexport type A = App;"],
    ['main/core/x.ts', "export * from 'electron';"],
    ['main/core/x.ts', "import 'electron/main';"],
    ['main/core/sync/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ])('%s: %s — main/core runs under plain Node', async (filePath, code) => {
    const messages = await restricted(code, filePath);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/plain Node/);
  }, TIMEOUT);

  it.each<Case>([
    ['main/core/x.ts', "import '../shell/window';"],
    ['main/core/sync/x.ts', "import '../../shell/window';"],
    ['main/core/sync/x.ts', "import '../../../main/shell/window';"],
  ])('%s: %s — core never imports the shell', async (filePath, code) => {
    expect(await restricted(code, filePath)).toEqual([expect.stringMatching(/shell/)]);
  }, TIMEOUT);

  it.each<Case>([
    ['main/core/x.ts', "import '../../server/sync/pull';"],
    ['main/core/x.ts', "import '../../renderer/src/App';"],
  ])('%s: %s — core imports shared only', async (filePath, code) => {
    expect(await restricted(code, filePath)).toHaveLength(1);
  }, TIMEOUT);

  it.each<Case>([
    ['renderer/src/x.ts', "import '../../main/core/platform';"],
    ['renderer/src/features/x.tsx', "import '../../../main/core/platform';"],
    ['renderer/src/x.ts', "import '../../server/app';"],
    ['renderer/src/x.ts', "import '../../main/shell/window';"],
    ['preload/index.ts', "import '../main/shell/ipc';"],
    ['preload/index.ts', "import '../main/core/platform';"],
    ['preload/index.ts', "import '../server/app';"],
  ])('%s: %s — renderer and preload import shared only', async (filePath, code) => {
    expect(await restricted(code, filePath)).toEqual([expect.stringMatching(/shared only/)]);
  }, TIMEOUT);

  it.each<Case>([
    ['shared/domain/x.ts', "import 'node:fs';"],
    ['shared/domain/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;"],
    ['shared/domain/x.ts', "import 'fs';"],
    ['shared/domain/x.ts', "import 'fs/promises';"],
    ['shared/protocol/x.ts', "import 'path';"],
    ['shared/ipc/x.ts', "import 'node:crypto';"],
    ['shared/domain/x.ts', "import 'electron';"],
    ['shared/domain/x.ts', "import '../../main/core/local-store';"],
    ['shared/ipc/x.ts', "import '../../renderer/src/App';"],
    ['shared/ipc/x.ts', "import '../../preload/index';"],
    ['shared/protocol/x.ts', "import '../../server/app';"],
  ])('%s: %s — shared holds pure code', async (filePath, code) => {
    expect(await restricted(code, filePath)).toHaveLength(1);
  }, TIMEOUT);

  it.each<Case>([
    ['server/x.ts', "import '../main/core/local-store';"],
    ['server/sync/x.ts', "import '../../renderer/src/App';"],
    ['server/x.ts', "import '../preload/index';"],
    ['server/x.ts', "import 'electron';"],
  ])('%s: %s — server imports shared only', async (filePath, code) => {
    expect(await restricted(code, filePath)).toEqual([expect.stringMatching(/server imports shared only/)]);
  }, TIMEOUT);
});

describe('import direction: allowed', () => {
  it.each<Case>([
    ['main/shell/x.ts', "import { app } from 'electron';\nexport const a = app;"],
    ['main/shell/x.ts', "import '../core/local-store';"],
    ['main/shell/x.ts', "import '../../shared/ipc/contract';"],
    ['main/core/x.ts', "import '../../shared/domain/dashboard';"],
    ['main/core/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;"],
    ['main/core/sync/x.ts', "import '../local-store';"],
    ['renderer/src/x.ts', "import '../../shared/domain/dashboard';"],
    ['renderer/src/x.tsx', "import { DASHBOARD_COLUMNS } from '../../shared/domain/dashboard';\nexport const c = DASHBOARD_COLUMNS;"],
    ['renderer/src/x.ts', "import 'react';"],
    ['preload/index.ts', "import { contextBridge } from 'electron';\nexport const b = contextBridge;"],
    ['preload/index.ts', "import '../shared/ipc/contract';"],
    ['server/x.ts', "import '../shared/protocol/sync';"],
    ['server/x.ts', "import 'node:fs';"],
    ['shared/domain/x.ts', "import 'zod';"],
    ['shared/domain/x.ts', "import './calendar-date';"],
    ['shared/ipc/x.ts', "import '../protocol/sync';"],
  ])('%s: %s', async (filePath, code) => {
    expect(await restricted(code, filePath)).toEqual([]);
  }, TIMEOUT);
});

// Cases the first version of the config let through; each is a real import docs/architecture.md forbids.
describe('import direction: refused however it is written', () => {
  it.each<Case>([
    // A core file several folders deep.
    ['main/core/sync/deep/x.ts', "import '../../../shell/window';"],
    // Dynamic import(), which no-restricted-imports does not see.
    ['main/core/x.ts', "export const electron = await import('electron');"],
    ['shared/domain/x.ts', "export const fs = await import('node:fs');"],
    // electron-updater loads 'electron' at run time, so core could not run under plain Node.
    ['main/core/x.ts', "import 'electron-updater';"],
    // Preload imports electron.
    ['main/core/x.ts', "import '../../preload/index';"],
    // The renderer talks to preload's API only; nothing stops it importing electron itself.
    ['renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const r = ipcRenderer;"],
    // Every Node built-in by its bare name.
    ['shared/domain/x.ts', "import 'child_process';"],
    ['shared/domain/x.ts', "import 'os';"],
  ])('%s: %s is refused', async (filePath, code) => {
    expect(await restricted(code, filePath)).toHaveLength(1);
  }, TIMEOUT);
});
