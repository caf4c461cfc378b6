// The review workspace end to end: the real renderer in Debian's Chromium, through the headless host, on the
// real core, against the real reference server. One manager's day: sign in, sync, check the dashboard against the
// server, lose the connection, review with the keyboard only, reconnect, resolve a conflict, manage a profile.
import { expect, test, type Page } from '@playwright/test';
import { buildDashboard, DASHBOARD_COLUMNS } from '../../shared/domain/dashboard';
import { parisDay } from '../../shared/domain/calendar-date';
import { DEMO_PASSWORD, DEMO_STRUCTURES } from '../../server/index';
import { startStack, type Stack } from './support/stack';
import { ServerApi } from './support/server-api';
import { screenshot } from './support/screens';
import { pressJ } from './support/review-keys';
import { SECRET_TOKEN } from '../../main/core/platform';

const OF = DEMO_STRUCTURES.of.id;
let stack: Stack;
let page: Page;
/** Candidature ids decided offline, in order: retained, not retained (justified), not retained (unreachable). */
const decided: { id: string; name: string }[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  stack = await startStack();
  page = await browser.newPage();
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(stack.host.url);
});

test.afterAll(async () => {
  await page?.close();
  await stack?.close();
});

const syncBar = () => page.getByRole('contentinfo', { name: 'État de la synchronisation' });

async function syncAndSettle() {
  const button = syncBar().getByRole('button', { name: 'Synchroniser' });
  await expect(button).toBeEnabled({ timeout: 60_000 });
  await button.click();
  await expect(button).toBeEnabled({ timeout: 60_000 });
}

function digits(text: string): number {
  return Number(text.replace(/\D/g, ''));
}

test('sign in, sync, and the dashboard matches the server', async () => {
  await page.getByLabel('Adresse e-mail').fill('manager@demo.test');
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { name: 'Gestion des candidatures' })).toBeVisible();
  await expect(page.getByLabel('Structure active')).toHaveValue(OF);
  await syncAndSettle();
  await expect(syncBar().getByTestId('sync-online')).toHaveText('En ligne');
  await expect(syncBar()).toContainText('Dernière synchronisation');

  // Ground truth: pull everything straight from the server and aggregate with the shared rule.
  const api = await ServerApi.signIn(stack.server.url, 'manager@demo.test', DEMO_PASSWORD);
  const { sessions, candidatures } = await api.pullAll(OF);
  const inputs = [...candidatures.values()].flatMap((c) => {
    const s = sessions.get(c.sessionId);
    return s?.orgRole ? [{ state: c.state, avisDeadline: c.avisDeadline, orgRole: s.orgRole, sessionStatus: s.status }] : [];
  });
  const expected = buildDashboard(inputs, parisDay(new Date()));
  expect(expected.some((r) => r.counts.EN_ATTENTE > 0)).toBe(true);

  const table = page.getByTestId('dashboard-table');
  await expect(table).toBeVisible();
  for (const row of expected) {
    for (const column of DASHBOARD_COLUMNS) {
      const cell = table.locator(`tr[data-role="${row.role}"] td[data-column="${column}"]`);
      expect(digits(await cell.innerText()), `${row.role} × ${column}`).toBe(row.counts[column]);
    }
  }
  await screenshot(page, 'dashboard');
});

test('a dashboard cell opens the filtered candidature list', async () => {
  const cell = page.getByTestId('dashboard-table').locator('tr[data-role="RESPONSABLE"] td[data-column="EN_ATTENTE"]');
  const count = digits(await cell.innerText());
  await cell.getByRole('button').click();
  await expect(page.getByRole('heading', { name: 'Gestion par candidatures' })).toBeVisible();
  await expect(page.getByLabel('État', { exact: true })).toHaveValue('EN_ATTENTE');
  await expect(page.getByLabel('Rôle', { exact: true })).toHaveValue('RESPONSABLE');
  await expect(page.getByTestId('list-total')).toHaveText(new RegExp(`^${count.toLocaleString('fr-FR').replace(/\s/g, '\\s')} candidature`));
  await expect(page.locator('.vgrid-row[data-testid^="cand-"]').first()).toBeVisible();
  await screenshot(page, 'candidatures-list');
});

test('offline, several avis are given with the keyboard only', async () => {
  stack.proxy.setOnline(false);
  await syncBar().getByRole('button', { name: 'Synchroniser' }).click();
  await expect(syncBar().getByTestId('sync-online')).toHaveText('Hors connexion', { timeout: 30_000 });

  const grid = page.getByTestId('candidature-grid');
  const panel = page.getByTestId('avis-panel');
  await grid.focus();

  // A decided candidature leaves the list filtered on « en attente » and the next one slides into its row: j is
  // pressed only once it has (pressed before, the slide would land the selection one row further than meant).
  const leftTheList = (d: { id: string }) => expect(page.getByTestId(`cand-${d.id}`)).toHaveCount(0);

  // Selects the next row that is not already decided here, and waits for the panel to show it.
  async function selectNextUndecided(): Promise<{ id: string; name: string }> {
    const row = page.locator('.vgrid-row[aria-selected="true"]');
    for (let attempt = 0; attempt < 30; attempt++) {
      const id = await pressJ(page);
      const name = (await row.locator('.c-candidate strong').innerText()).trim();
      if (!id || decided.some((d) => d.id === id)) continue;
      await expect(panel).toHaveAttribute('data-candidature-id', id);
      // Some pending candidatures may not take an avis (cancelled session, deadline passed): the panel says why.
      const yes = panel.getByRole('button', { name: /Conforme : oui/ });
      await expect(yes.or(panel.getByTestId('avis-refusal'))).toBeVisible();
      if (!(await yes.isVisible())) continue;
      return { id, name };
    }
    throw new Error('no undecided candidature reachable with j');
  }

  // 1. Conforme : oui, with the prefilled planned dates.
  const first = await selectNextUndecided();
  await page.keyboard.press('o');
  // French date fields (jj/mm/aaaa), prefilled, the entry date focused.
  const [entry, exit] = [panel.locator('.date-field').nth(0), panel.locator('.date-field').nth(1)];
  await expect(entry.locator(':focus')).toHaveCount(1);
  await expect(entry.locator('.date-input')).toHaveText(/\d{2}\D+\d{2}\D+\d{4}/);
  await expect(exit.locator('.date-input')).toHaveText(/\d{2}\D+\d{2}\D+\d{4}/);
  await expect(panel.getByTestId('counter-effect')).toContainText('Le compteur reste à');
  await screenshot(page, 'avis-panel-oui');
  await page.keyboard.press('Enter');
  await expect(panel.locator('form[data-avis-form]')).toHaveCount(0);
  decided.push(first);
  await leftTheList(first);
  await expect(syncBar().getByTestId('sync-pending')).toHaveText('1 avis à envoyer');

  // 2. Conforme : non, motive "condition administrative" with a justification; the counter effect is shown first.
  const second = await selectNextUndecided();
  await page.keyboard.press('n');
  await expect(panel.getByRole('radio', { name: 'Document manquant' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(panel.getByRole('radio', { name: 'Condition administrative non remplie' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(panel.getByLabel('Justification')).toBeFocused();
  await page.keyboard.type('Justificatif de domicile absent du dossier');
  await expect(panel.getByTestId('counter-effect')).toHaveText(/Le compteur passera de \d+\/\d+ à \d+\/\d+\./);
  await screenshot(page, 'avis-panel-non');
  await page.keyboard.press('Enter');
  await expect(panel.locator('form[data-avis-form]')).toHaveCount(0);
  decided.push(second);
  await leftTheList(second);
  await expect(syncBar().getByTestId('sync-pending')).toHaveText('2 avis à envoyer');

  // 3. Conforme : non, personne injoignable (no justification needed); Esc first cancels a started form.
  const third = await selectNextUndecided();
  await page.keyboard.press('o');
  await page.keyboard.press('Escape');
  await expect(panel.locator('form[data-avis-form]')).toHaveCount(0);
  await page.keyboard.press('n');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await expect(panel.getByRole('radio', { name: 'Personne injoignable' })).toBeChecked();
  await expect(panel.getByLabel('Justification')).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(panel.locator('form[data-avis-form]')).toHaveCount(0);
  decided.push(third);
  await leftTheList(third);
  await expect(syncBar().getByTestId('sync-pending')).toHaveText('3 avis à envoyer');

  // The keyboard help is there too.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Raccourcis clavier' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Raccourcis clavier' })).toHaveCount(0);

  await page.getByRole('button', { name: /Avis à envoyer/ }).click();
  await expect(page.getByTestId('outbox-table').locator('tbody tr')).toHaveCount(3);
});

test('back online, the avis reach the server and a concurrent decision becomes a conflict', async () => {
  // Meanwhile another manager of the same organisme decides the second candidature directly on the server.
  const other = await ServerApi.signIn(stack.server.url, 'manager2@demo.test', DEMO_PASSWORD);
  const before = await other.pullAll(OF);
  const target = before.candidatures.get(decided[1]!.id)!;
  const pushed = await other.giveAvis(OF, target, { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null });
  expect(pushed.results[0]?.status).toBe('applied');

  stack.proxy.setOnline(true);
  await syncAndSettle();
  await expect(syncBar().getByTestId('sync-online')).toHaveText('En ligne');
  await expect(syncBar().getByTestId('sync-pending')).toHaveText('Rien à envoyer', { timeout: 60_000 });
  await expect(syncBar().getByRole('button', { name: '1 conflit' })).toBeVisible();

  // On the server: ours applied, theirs kept.
  const api = await ServerApi.signIn(stack.server.url, 'manager@demo.test', DEMO_PASSWORD);
  const { candidatures } = await api.pullAll(OF);
  expect(candidatures.get(decided[0]!.id)?.state).toBe('RETENUE');
  expect(candidatures.get(decided[2]!.id)?.state).toBe('NON_RETENUE');
  expect(candidatures.get(decided[2]!.id)?.nonRetained?.motive).toBe('PERSONNE_INJOIGNABLE');
  expect(candidatures.get(decided[1]!.id)?.nonRetained?.motive).toBe('PERSONNE_INJOIGNABLE');
  expect(candidatures.get(decided[1]!.id)?.avisBy).toContain('Lacoste');

  // In the app: the retained one shows as retained, nothing left to send.
  await page.getByRole('button', { name: 'Gestion par candidatures' }).first().click();
  await page.getByLabel('Recherche').fill(decided[0]!.name);
  const row = page.getByTestId(`cand-${decided[0]!.id}`);
  await expect(row.getByText('Retenue', { exact: true })).toBeVisible();
  await expect(row.getByText('À envoyer')).toHaveCount(0);
});

test('the conflict shows the server reason and is resolved by discarding', async () => {
  await syncBar().getByRole('button', { name: '1 conflit' }).click();
  await expect(page.getByRole('heading', { name: 'Conflits' })).toBeVisible();
  const card = page.getByTestId('conflict');
  await expect(card).toHaveCount(1);
  await expect(card.locator('.server-reason')).not.toHaveText(/^Motif du serveur :\s*$/);
  // The core sends the code; the renderer says what to do about it, in French.
  await expect(card.locator('.advice')).toHaveText("Que faire ? Quelqu'un a déjà rendu un avis sur cette candidature. Consultez son état actuel puis abandonnez votre avis.");
  await screenshot(page, 'conflicts');
  await card.getByRole('button', { name: 'Abandonner' }).click();
  await expect(page.getByText('Aucun conflit.')).toBeVisible();
  await expect(syncBar().getByRole('button', { name: /conflit/ })).toHaveCount(0);
});

test('the session view shows the action, entry points and counters', async () => {
  await page.getByRole('button', { name: 'Gestion par sessions' }).first().click();
  await expect(page.getByRole('heading', { name: 'Gestion par sessions' })).toBeVisible();
  await page.locator('.s-title .link-button').first().click();
  await expect(page.getByRole('heading', { name: 'Action de formation' })).toBeVisible();
  await expect(page.getByRole('heading', { name: "Points d'entrée" })).toBeVisible();
  await expect(page.getByTestId('session-counter')).toContainText(/\d+\/\d+|—/);
  await screenshot(page, 'session-view');
});

test('a référent changes a member profile in Mes structures', async () => {
  await page.getByRole('button', { name: 'Mes structures' }).click();
  const members = page.getByTestId('members-table');
  await expect(members).toBeVisible();
  const row = page.getByTestId('member-manager2@demo.test');
  await row.getByLabel(/Profil de/).selectOption('OF_PREINSCRIPTION');
  await expect(page.locator('#content').getByRole('status')).toContainText('Profil de Julien Lacoste enregistré');
  await screenshot(page, 'mes-structures');
  // Self-detach is never offered.
  await expect(page.getByTestId('member-manager@demo.test').getByRole('button', { name: 'Détacher' })).toBeDisabled();

  const api = await ServerApi.signIn(stack.server.url, 'manager@demo.test', DEMO_PASSWORD);
  const member = (await api.members(OF)).find((m) => m.email === 'manager2@demo.test');
  expect(member?.profile).toBe('OF_PREINSCRIPTION');
});

test('an expired session is renewed in place, without losing the page or the pending work', async () => {
  const token = await stack.secrets.get(SECRET_TOKEN);
  const revoked = await fetch(`${stack.server.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  expect(revoked.ok).toBe(true);
  await syncBar().getByRole('button', { name: 'Synchroniser' }).click();
  const banner = page.getByTestId('reauth');
  await expect(banner).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Mes structures' })).toBeVisible(); // still on the same page
  await banner.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await banner.getByRole('button', { name: 'Se reconnecter' }).click();
  await expect(banner).toHaveCount(0);
  await syncAndSettle();
  await expect(syncBar().getByTestId('sync-online')).toHaveText('En ligne');
  await expect(syncBar()).not.toContainText('reconnectez-vous');
});

test('a prescriber signs in after the manager signs out, and pre-registers a candidate', async () => {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
  await page.getByLabel('Adresse e-mail').fill('prescripteur-n2@demo.test');
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await syncAndSettle();
  await expect(page.getByRole('heading', { name: 'Recherche de formations', level: 1 })).toBeVisible(); // not the manager's page
  await page.getByRole('button', { name: 'Préinscriptions', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Préinscriptions', level: 1 })).toBeVisible();
  const form = page.getByRole('form', { name: 'Nouvelle préinscription' });
  await form.getByRole('combobox', { name: 'Session' }).click();
  await page.getByRole('listbox').locator('[data-testid^="option-"]:not([aria-disabled="true"])').first().click(); // a session (the list says « Recherche des sessions… » until they arrive)
  await form.getByLabel('Prénom').fill('Maïwenn');
  await form.getByLabel('Nom', { exact: true }).fill('Etxeberria');
  await form.getByLabel('E-mail').fill('maiwenn.etxeberria@exemple.fr');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(form.getByRole('status')).toHaveText('Préinscription de Maïwenn Etxeberria enregistrée.');
  const row = page.getByRole('row', { name: /Etxeberria/ });
  await expect(row).toBeVisible();
  await syncAndSettle();
  await expect(syncBar().getByTestId('sync-pending')).toHaveText('Rien à envoyer');
  await expect(row.getByText('À envoyer')).toHaveCount(0);
  await screenshot(page, 'preinscriptions');

  const api = await ServerApi.signIn(stack.server.url, 'prescripteur-n2@demo.test', DEMO_PASSWORD);
  const { preRegistrations } = await api.pullAll(DEMO_STRUCTURES.prescriber.id);
  expect([...preRegistrations.values()].some((p) => p.candidate.lastName === 'Etxeberria')).toBe(true);
});
