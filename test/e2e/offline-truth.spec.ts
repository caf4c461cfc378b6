// Issue 9 end to end: the review screen offers only what the server will accept, sends only what the form shows,
// and lets the manager take a decision back (undo notice, outbox) or change it until it is sent.
import { expect, test, type Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_STRUCTURES } from '../../server/index';
import { startStack, type Stack } from './support/stack';
import { ServerApi } from './support/server-api';
import { screenshot } from './support/screens';
import { pressJ } from './support/review-keys';

const OF = DEMO_STRUCTURES.of.id;
let stack: Stack;
let page: Page;
let api: ServerApi;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  stack = await startStack();
  api = await ServerApi.signIn(stack.server.url, 'manager@demo.test', DEMO_PASSWORD);
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(stack.host.url);
  await page.getByLabel('Adresse e-mail').fill('manager@demo.test');
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { name: 'Gestion des candidatures' })).toBeVisible();
  const sync = syncBar().getByRole('button', { name: 'Synchroniser' });
  await expect(sync).toBeEnabled({ timeout: 60_000 });
  await sync.click();
  await expect(sync).toBeEnabled({ timeout: 60_000 });
});

test.afterAll(async () => {
  await page?.close();
  await stack?.close();
});

const syncBar = () => page.getByRole('contentinfo', { name: 'État de la synchronisation' });
const panel = () => page.getByTestId('avis-panel');
const form = () => panel().locator('form[data-avis-form]');

async function openList(state: 'RETENUE' | 'EN_ATTENTE') {
  await page.getByRole('button', { name: 'Gestion par candidatures' }).first().click();
  await page.getByLabel('État', { exact: true }).selectOption(state);
  await page.getByLabel('Rôle', { exact: true }).selectOption('RESPONSABLE');
  // Filters apply after a short debounce, and a new list starts with nothing selected: wait for the filtered rows.
  const rows = page.locator('.vgrid-row[data-testid^="cand-"]');
  await expect(rows.first()).toContainText(state === 'RETENUE' ? 'Retenue' : 'En attente');
  await expect(rows.filter({ hasNotText: state === 'RETENUE' ? 'Retenue' : 'En attente' })).toHaveCount(0);
  await page.waitForTimeout(400);
  await page.getByTestId('candidature-grid').focus();
}

/** Moves down with j to the next row whose panel offers an avis; returns its id. */
async function nextDecidable(skip: string[]): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const id = await pressJ(page);
    if (!id || skip.includes(id)) continue;
    await expect(panel()).toHaveAttribute('data-candidature-id', id);
    const yes = panel().getByRole('button', { name: /Conforme : oui/ });
    await expect(yes.or(panel().getByTestId('avis-refusal')).or(panel().getByTestId('pending-avis'))).toBeVisible();
    if (await yes.isVisible()) return id;
  }
  throw new Error('no decidable candidature reachable with j');
}

async function serverState(id: string) {
  return (await api.pullAll(OF)).candidatures.get(id)!;
}

test('no avis form opens on a decided candidature, with the keys or the mouse; the panel says why', async () => {
  await openList('RETENUE');
  await page.keyboard.press('j');
  await expect(panel().getByTestId('avis-refusal')).toBeVisible();
  await expect(panel().getByTestId('avis-refusal')).toContainText('retenue');
  await expect(panel().getByRole('button', { name: /Conforme : oui/ })).toHaveCount(0);
  await page.keyboard.press('o');
  await page.keyboard.press('n');
  await expect(form()).toHaveCount(0);
  await screenshot(page, 'avis-refused-decided-1280');
});

const used: string[] = [];

test('« Annuler » right after an avis takes it back: nothing reaches the server, even online', async () => {
  await openList('EN_ATTENTE');
  const id = await nextDecidable(used);
  used.push(id);
  await page.keyboard.press('o');
  await expect(form()).toBeVisible();
  await page.keyboard.press('Enter');
  const notice = page.getByTestId('undo-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('Avis « oui »');
  await screenshot(page, 'undo-notice-1280');
  await page.keyboard.press('Control+z');
  await expect(notice).toHaveCount(0);
  // Back in the list, and in the panel, ready for another avis.
  await expect(panel()).toHaveAttribute('data-candidature-id', id);
  await expect(panel().getByRole('button', { name: /Conforme : oui/ })).toBeVisible();
  // Past the undo window and a sync: the server never heard of it.
  await page.waitForTimeout(6500);
  await syncBar().getByRole('button', { name: 'Synchroniser' }).click();
  await expect(syncBar().getByRole('button', { name: 'Synchroniser' })).toBeEnabled({ timeout: 60_000 });
  expect((await serverState(id)).state).toBe('EN_ATTENTE');
});

test('a justification hidden by « personne injoignable » is never saved', async () => {
  const id = await nextDecidable(used);
  used.push(id);
  await panel().getByRole('button', { name: /Conforme : non/ }).click();
  await panel().getByRole('radio', { name: 'Autre motif' }).check();
  await panel().getByLabel('Justification').fill('ab');
  await panel().getByRole('radio', { name: 'Personne injoignable' }).check();
  await expect(panel().getByLabel('Justification')).toHaveCount(0);
  await panel().getByRole('button', { name: /Confirmer/ }).click();
  await expect(form()).toHaveCount(0);
  await expect.poll(async () => (await serverState(id)).state, { timeout: 60_000, intervals: [2000] }).toBe('NON_RETENUE');
  expect((await serverState(id)).nonRetained).toEqual({ motive: 'PERSONNE_INJOIGNABLE', justification: null });
});

test('offline, a queued avis is edited from its row and sent once, with its final content', async () => {
  stack.proxy.setOnline(false);
  await syncBar().getByRole('button', { name: 'Synchroniser' }).click();
  await expect(syncBar().getByTestId('sync-online')).toHaveText('Hors connexion', { timeout: 30_000 });
  await page.getByTestId('candidature-grid').focus();
  const id = await nextDecidable(used);
  used.push(id);
  const version = (await serverState(id)).version;
  await page.keyboard.press('o');
  await page.keyboard.press('Enter');
  await expect(form()).toHaveCount(0);
  // In a list of pending candidatures the decided row leaves; the outbox holds it, with « Annuler » and a way back
  // to its row, where the unsent avis can be edited (no second avis: o does nothing there).
  await syncBar().getByTestId('sync-pending').click();
  const outbox = page.getByTestId('outbox-table');
  await expect(outbox.locator('tbody tr')).toHaveCount(1);
  await expect(outbox.getByRole('button', { name: 'Annuler' })).toBeVisible();
  await screenshot(page, 'outbox-cancel-1280');
  await outbox.getByRole('button', { name: 'Voir / modifier' }).click();
  await expect(panel()).toHaveAttribute('data-candidature-id', id);
  const pending = panel().getByTestId('pending-avis');
  await expect(pending).toBeVisible();
  await page.getByTestId('candidature-grid').focus();
  await page.keyboard.press('o');
  await expect(form()).toHaveCount(0);
  await pending.getByRole('button', { name: "Modifier l'avis" }).click();
  await expect(form()).toBeVisible();
  await panel().getByRole('button', { name: 'Passer à « non »' }).click();
  await panel().getByRole('radio', { name: 'Personne injoignable' }).check();
  await screenshot(page, 'avis-edit-pending-1280');
  await panel().getByRole('button', { name: /Confirmer/ }).click();
  await expect(form()).toHaveCount(0);
  await expect(panel().getByTestId('pending-avis')).toContainText('non retenu');
  await syncBar().getByTestId('sync-pending').click();
  await expect(page.getByTestId('outbox-table').locator('tbody tr')).toHaveCount(1);

  stack.proxy.setOnline(true);
  await syncBar().getByRole('button', { name: 'Synchroniser' }).click();
  await expect.poll(async () => (await serverState(id)).state, { timeout: 60_000, intervals: [2000] }).toBe('NON_RETENUE');
  const row = await serverState(id);
  expect(row.nonRetained).toEqual({ motive: 'PERSONNE_INJOIGNABLE', justification: null });
  expect(row.version).toBe(version + 1);
});

test('a sync that takes rows away above the selection leaves the panel on the candidature chosen', async () => {
  await openList('EN_ATTENTE');
  for (let i = 0; i < 4; i++) await pressJ(page);
  const selected = page.locator('.vgrid-row[aria-selected="true"]');
  const chosen = ((await selected.getAttribute('data-testid')) ?? '').replace(/^cand-/, '');
  await expect(panel()).toHaveAttribute('data-candidature-id', chosen);
  // Another session of the same structure decides the first two rows; they leave this list at the next sync.
  const rows = page.locator('.vgrid-row[data-testid^="cand-"]');
  const above = [0, 1].map(async (i) => ((await rows.nth(i).getAttribute('data-testid')) ?? '').replace(/^cand-/, ''));
  const server = await api.pullAll(OF);
  for (const id of await Promise.all(above)) {
    expect(id).not.toBe(chosen);
    const answer = await api.giveAvis(OF, server.candidatures.get(id)!, { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null });
    expect(answer.results[0]?.status).toBe('applied');
  }
  await syncBar().getByRole('button', { name: 'Synchroniser' }).click();
  await expect(rows.first()).not.toHaveAttribute('data-testid', `cand-${(await Promise.all(above))[0]}`, { timeout: 60_000 });
  await expect(selected).toHaveAttribute('data-testid', `cand-${chosen}`);
  await expect(panel()).toHaveAttribute('data-candidature-id', chosen);
  await screenshot(page, 'selection-follows-sync-1280');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(panel()).toHaveAttribute('data-candidature-id', chosen);
  await screenshot(page, 'selection-follows-sync-1920');
  await page.setViewportSize({ width: 1280, height: 720 });
});
