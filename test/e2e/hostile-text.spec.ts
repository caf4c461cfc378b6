// Text from outside is shown as text: a candidate who applies on the public intake with markup or a spreadsheet
// formula as a name sees it printed, never run, in the manager's list and detail.
import { expect, test } from '@playwright/test';
import { API_PREFIX } from '../../shared/protocol/sync';
import { DEMO_PASSWORD } from '../../server/index';
import { ServerApi } from './support/server-api';
import { startStack, type Stack } from './support/stack';

const MARKUP = '<img src=x onerror="window.__pwned=1">';
const FORMULA = '=HYPERLINK("https://exemple.fr/piege","clic")';

let stack: Stack;

test.beforeAll(async () => {
  stack = await startStack();
  const api = await ServerApi.signIn(stack.server.url, 'manager@demo.test', DEMO_PASSWORD);
  const session = [...(await api.pullAll('of-demo')).sessions.values()].find((s) => s.status === 'PUBLISHED' && s.orgRole === 'RESPONSABLE')!;
  const res = await fetch(`${stack.server.url}${API_PREFIX}/sessions/${session.id}/candidatures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ candidate: { firstName: FORMULA, lastName: MARKUP, email: 'piege.hostile@exemple.fr', phone: null } }),
  });
  expect(res.status).toBe(201);
});

test.afterAll(async () => stack?.close());

test('a name made of markup or a formula is shown as text and never runs', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(stack.host.url);
  await page.getByLabel('Adresse e-mail').fill('manager@demo.test');
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { name: 'Gestion des candidatures', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Gestion par candidatures' }).first().click();
  await page.getByLabel('Recherche').fill('piege.hostile');
  // The search applies after a short pause, and a new search clears the selection: click once it has applied (the
  // row, created today, may head the whole list before that).
  await expect(page.getByTestId('list-total')).toHaveText(/^1 candidature/, { timeout: 30_000 });
  const row = page.locator('.vgrid-row[data-testid^="cand-"]').filter({ hasText: 'onerror' });
  await expect(row).toHaveCount(1, { timeout: 30_000 });
  await expect(row).toContainText(`${MARKUP} ${FORMULA}`);
  await row.click();
  await expect(page.getByTestId('avis-panel')).toContainText(MARKUP);

  // Printed, not parsed: no image element came from the name, its handler never ran, no dialog opened.
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  expect(await page.evaluate('window.__pwned')).toBeUndefined();
  expect(dialogs).toEqual([]);
});
