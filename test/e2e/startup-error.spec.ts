// When the local database cannot be opened (and the core left it untouched), the window says so in French, with
// what to do: the real renderer in Debian's Chromium, through the headless host, served the way browser mode serves
// a core that failed to start.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { createCore } from '../../main/core/index';
import { MemorySecretStore, SECRET_DB_KEY } from '../../main/core/platform';
import { LocalDatabaseUnavailableError } from '../../main/core/db/open-database';
import { startHeadlessHost, type HeadlessHost } from '../../main/host/headless-host';
import { startupFailure, unavailableCore } from '../../main/ipc/unavailable-core';
import type { IpcErrorData, LocalDatabaseProblem } from '../../shared/ipc/contract';
import { screenshot } from './support/screens';

const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
const hosts: HeadlessHost[] = [];
const dirs: string[] = [];

test.afterAll(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function serveFailure(error: IpcErrorData): Promise<HeadlessHost> {
  const host = await startHeadlessHost({ core: unavailableCore(error), staticDir });
  hosts.push(host);
  return host;
}

test('a native module built for another version: the French screen says to reinstall, and nothing was changed', async ({ page }) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'rafael-e2e-startup-'));
  const bindingDir = await mkdtemp(join(tmpdir(), 'rafael-e2e-binding-'));
  dirs.push(dataDir, bindingDir);
  const binding = join(bindingDir, 'better_sqlite3.node');
  await writeFile(binding, 'not a loadable module');
  const secrets = new MemorySecretStore();
  const failure = await createCore({ dataDir, serverUrl: 'http://127.0.0.1:9', secrets, nativeBinding: binding }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(failure).toBeInstanceOf(LocalDatabaseUnavailableError);
  expect(await readdir(dataDir)).toEqual([]);
  expect(await secrets.get(SECRET_DB_KEY)).toBeNull();

  const host = await serveFailure(startupFailure(failure));
  await page.goto(host.url);
  const screen = page.getByRole('alert');
  await expect(screen.getByRole('heading', { level: 1 })).toHaveText('RafaelPro Desktop ne peut pas démarrer');
  await expect(screen).toContainText('le module de base de données, ne se charge pas');
  await expect(screen.getByRole('listitem').first()).toHaveText('Réinstallez la dernière version de RafaelPro Desktop.');
  await expect(screen).toContainText("n'ont pas été modifiées");
  await expect(screen).toContainText('LOCAL_DATABASE_UNAVAILABLE / NATIVE_MODULE');
  await screenshot(page, 'startup-error-native-module');
});

const others: { problem: LocalDatabaseProblem; says: string; todo: string }[] = [
  { problem: 'PERMISSION', says: "n'a pas le droit d'ouvrir sa base de données locale", todo: 'accès en lecture et en écriture' },
  { problem: 'DISK_FULL', says: 'Le disque de cet ordinateur est plein', todo: 'Libérez de la place sur le disque' },
  { problem: 'LOCKED', says: 'déjà utilisée par un autre programme', todo: 'Fermez les autres fenêtres de RafaelPro Desktop' },
  { problem: 'OTHER', says: "La base de données locale n'a pas pu être ouverte", todo: "Redémarrez l'ordinateur" },
];

for (const { problem, says, todo } of others) {
  test(`${problem}: the French screen says what happened and what to do`, async ({ page }) => {
    const host = await serveFailure(new LocalDatabaseUnavailableError(problem).toData());
    await page.goto(host.url);
    const screen = page.getByRole('alert');
    await expect(screen.getByRole('heading', { level: 1 })).toHaveText('RafaelPro Desktop ne peut pas démarrer');
    await expect(screen).toContainText(says);
    await expect(screen.getByRole('listitem').first()).toContainText(todo);
    await expect(screen.getByRole('listitem').nth(1)).toHaveText("Puis fermez et relancez l'application.");
    await expect(screen).toContainText("n'ont pas été modifiées");
  });
}

test('any other start-up failure shows the core’s own message', async ({ page }) => {
  const host = await serveFailure(startupFailure(new Error('SQLITE_IOERR secret détail')));
  await page.goto(host.url);
  const screen = page.getByRole('alert');
  await expect(screen).toContainText('Le cœur de l’application n’a pas pu démarrer');
  await expect(screen).not.toContainText('SQLITE');
});
