// Every demo account lands on a screen made for it, and never sees the screens of another profile: OF général and
// préinscription on the dashboard, OF catalogue on « Gestion des formations » (and enriches an action there), a
// prescriber on the pro catalogue search (and cannot pre-register on a full session: refused before anything is
// sent), Cap Métiers on its admin tools (and reopens a non-retained candidature). One browser tab, users signing in
// and out in turn, as on a shared office computer. Screenshots of each home at 1280×720 and 1920×1080.
import { expect, test, type Page } from '@playwright/test';
import { addDays, parisDay } from '../../shared/domain/calendar-date';
import { DEMO_PASSWORD, DEMO_STRUCTURES } from '../../server/index';
import { API_PREFIX } from '../../shared/protocol/sync';
import { startStack, type Stack } from './support/stack';
import { ServerApi } from './support/server-api';
import { screenshot } from './support/screens';

let stack: Stack;
let page: Page;
/** The Carif number of a session filled on the server (see fillASession). */
let fullCarif = '';

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  stack = await startStack();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.goto(stack.host.url);
});

test.afterAll(async () => {
  await page?.close();
  await stack?.close();
});

const syncBar = () => page.getByRole('contentinfo', { name: 'État de la synchronisation' });
const nav = () => page.getByRole('navigation', { name: 'Navigation principale' });
const heading = (name: string) => page.getByRole('heading', { name, level: 1 });

async function syncAndSettle() {
  const button = syncBar().getByRole('button', { name: 'Synchroniser' });
  await expect(button).toBeEnabled({ timeout: 60_000 });
  await button.click();
  await expect(button).toBeEnabled({ timeout: 60_000 });
}

async function signIn(email: string) {
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
}

async function signOut() {
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
}

/** The menu's entries, in order. */
async function menu(): Promise<string[]> {
  return (await nav().getByRole('button').allInnerTexts()).map((text) => text.replace(/\s*\d+$/, '').trim());
}

/** The same screen at the two sizes the issue names: a 1280×720 laptop and a 1920×1080 screen. */
async function shoot(name: string) {
  await screenshot(page, `${name}-1280x720`);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, `${name}-1920x1080`);
  await page.setViewportSize({ width: 1280, height: 720 });
}

/** What the browser measures of an element (the test project has no DOM types). */
type Box = { scrollWidth: number; clientWidth: number; innerText: string };

/** No element of the page is wider than the window: nothing scrolls sideways. */
async function expectNoSidewaysScroll() {
  for (const selector of ['#content', 'html']) {
    const box = await page.locator(selector).evaluate((e) => {
      const el = e as unknown as Box;
      return { scroll: el.scrollWidth, client: el.clientWidth };
    });
    expect(box.scroll, `${selector} scrolls sideways`).toBeLessThanOrEqual(box.client);
  }
}

/** None of these elements cuts its text (a header, a date, a badge): what it holds is fully visible. */
async function expectNotClipped(selector: string) {
  const clipped = await page.locator(selector).evaluateAll((elements) =>
    (elements as unknown as Box[]).filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.innerText),
  );
  expect(clipped, `clipped: ${selector}`).toEqual([]);
}

const OF_ONLY = ['Tableau de bord', 'Gestion par candidatures', 'Gestion par sessions', 'Gestion des formations'];

test('OF général lands on the dashboard, with the offer management beside it', async () => {
  await signIn('manager@demo.test');
  await expect(heading('Gestion des candidatures')).toBeVisible();
  await syncAndSettle();
  expect(await menu()).toEqual(['Tableau de bord', 'Gestion par candidatures', 'Gestion par sessions', 'Gestion des formations', 'Avis à envoyer', 'Conflits', 'Mes structures', 'Mon compte']);
  await expect(page.getByTestId('dashboard-table')).toBeVisible();
  await shoot('home-of-general');
  // Somewhere deeper before leaving: the next user must not land here.
  await nav().getByRole('button', { name: 'Gestion par sessions' }).click();
  await expect(heading('Gestion par sessions')).toBeVisible();
  await signOut();
});

test('OF préinscription lands on the dashboard (not on the previous user’s page) and has no offer management', async () => {
  await signIn('preinscription@demo.test');
  await expect(heading('Gestion des candidatures')).toBeVisible();
  await syncAndSettle();
  expect(await menu()).toEqual(['Tableau de bord', 'Gestion par candidatures', 'Gestion par sessions', 'Avis à envoyer', 'Conflits', 'Mes structures', 'Mon compte']);
  await shoot('home-of-preinscription');
  // A session page: this profile never enriches the offer, so no card says it may not.
  await nav().getByRole('button', { name: 'Gestion par sessions' }).click();
  await page.locator('.s-title .link-button').first().click();
  await expect(page.getByRole('heading', { name: "Points d'entrée" })).toBeVisible();
  await expect(page.getByRole('heading', { name: "Valoriser l'offre" })).toHaveCount(0);
  await signOut();
});

test('OF catalogue lands on « Gestion des formations », sees no candidature screen, and enriches an action', async () => {
  await signIn('catalogue@demo.test');
  await expect(heading('Gestion des formations')).toBeVisible();
  await syncAndSettle();
  expect(await menu()).toEqual(['Gestion des formations', 'À envoyer', 'Conflits', 'Mes structures', 'Mon compte']);
  await expect(page.getByRole('tab', { name: 'Publiées' })).toHaveAttribute('aria-selected', 'true');
  const table = page.getByTestId('formations-table');
  for (const column of ['Référence', 'Type', 'Intitulé', 'Financement']) await expect(table.getByRole('columnheader', { name: column })).toBeVisible();
  await expectNoSidewaysScroll();
  await expectNotClipped('[data-testid="formations-table"] th, [data-testid="formations-table"] td.col-ref');
  await shoot('home-of-catalogue');

  // The filter finds the HSP offer the structure is responsible for; every pencil there is active.
  // Each filter narrows the demo offer: the rows are read only once the total shows it did (read earlier, the first
  // row could still be the unfiltered list's, and the clicks below land on another action).
  const total = page.getByTestId('formations-total');
  const shown = async () => Number(((await total.textContent()) ?? '').replace(/\D/g, ''));
  await expect(total).toHaveText(/^\d+ actions? de formation$/);
  const everything = await shown();
  await page.getByLabel('Mesure').selectOption({ label: 'Toute l\'offre HSP' });
  await expect.poll(shown).toBeLessThan(everything);
  const hsp = await shown();
  await page.getByLabel('Seulement celles dont mon organisme est responsable').check();
  await expect.poll(shown).toBeLessThan(hsp);
  await expect(total).toHaveText(/^\d+ actions? de formation$/);
  const first = table.locator('tbody > tr[data-testid^="action-"]').first();
  await expect(first).toContainText('HSP');
  const reference = ((await first.getAttribute('data-testid')) ?? '').replace('action-', '');

  // « + » unfolds the action's sessions with their counters.
  await first.getByRole('button', { name: /Afficher les sessions/ }).click();
  await expect(page.getByTestId('action-sessions').first()).toBeVisible();
  await expect(page.getByTestId('action-sessions').first().locator('tbody tr').first()).toContainText(/\d+\/\d+|—/);
  await shoot('formations-sessions');

  // The pencil opens the action form, with the reminder that it applies to the whole action.
  await first.getByRole('button', { name: /Modifier l'action/ }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('enrich-scope')).toContainText("s'appliquent à l'action entière");
  await dialog.getByLabel('Le plus de cette formation').fill('Plateau technique neuf et tutorat individuel.');
  await dialog.getByLabel('Lien web').fill('formation.exemple.fr');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(dialog.locator('.field-error')).toContainText('http');
  await dialog.getByLabel('Lien web').fill('https://formation.exemple.fr/plateau');
  await shoot('enrich-dialog');
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('#content').getByRole('status')).toContainText('modification enregistrée');
  await expect(page.getByTestId(`action-${reference}`).getByText('À envoyer')).toBeVisible();
  await syncAndSettle();
  await expect(page.getByTestId(`action-${reference}`).getByText('À envoyer')).toHaveCount(0, { timeout: 30_000 });

  const api = await ServerApi.signIn(stack.server.url, 'manager@demo.test', DEMO_PASSWORD);
  const action = [...(await api.pullAll(DEMO_STRUCTURES.of.id)).actions.values()].find((a) => a.reference === reference);
  expect(action).toMatchObject({ highlight: 'Plateau technique neuf et tutorat individuel.', webLink: 'https://formation.exemple.fr/plateau' });

  // No road to candidatures, even by a stale route: the home stands in.
  for (const name of ['Candidat·e', 'Conforme : oui']) await expect(page.getByText(name)).toHaveCount(0);
  await signOut();
});

/** A session the prescriber sees, filled on the server by direct applications until its upcoming entry point is full. */
async function fillASession(): Promise<{ id: string; carif: string }> {
  const api = await ServerApi.signIn(stack.server.url, 'prescripteur-n1@demo.test', DEMO_PASSWORD);
  const { sessions, entryPoints } = await api.pullAll(DEMO_STRUCTURES.prescriber.id);
  const today = parisDay(new Date());
  const next = new Map<string, { date: string; places: number }>();
  for (const e of entryPoints.values()) {
    if (e.date < today) continue;
    const known = next.get(e.sessionId);
    if (!known || e.date < known.date) next.set(e.sessionId, { date: e.date, places: e.places });
  }
  const target = [...sessions.values()]
    .filter((s) => s.status === 'PUBLISHED' && next.has(s.id))
    .sort((a, b) => next.get(a.id)!.places - next.get(b.id)!.places)[0]!;
  for (let i = 0; i < 40; i++) {
    const res = await fetch(`${stack.server.url}${API_PREFIX}/sessions/${target.id}/candidatures`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ candidate: { firstName: 'Candidat', lastName: `Direct${i}`, email: `direct${i}@exemple.fr`, phone: null } }),
    });
    expect(res.status).toBe(201);
    if (((await res.json()) as { state: string }).state === 'REFUS_SESSION_COMPLETE') return { id: target.id, carif: target.carifNumber };
  }
  throw new Error('the session never filled up');
}

test('a prescriber lands on the catalogue search, sees no OF screen, and filters by territory', async () => {
  const full = await fillASession();
  fullCarif = full.carif;
  await signIn('prescripteur-n1@demo.test');
  await expect(heading('Recherche de formations')).toBeVisible();
  await syncAndSettle();
  expect(await menu()).toEqual(['Recherche de formations', 'Préinscriptions', 'À envoyer', 'Conflits', 'Mes structures', 'Mon compte']);
  for (const name of OF_ONLY) await expect(nav().getByRole('button', { name })).toHaveCount(0);
  await expect(page.getByText('o = oui')).toHaveCount(0);
  await expect(page.getByLabel('Rôle', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Valoriser l\'offre' })).toHaveCount(0);

  const grid = page.getByTestId('catalogue-grid');
  const firstRow = grid.locator('.vgrid-row').first();
  await expect(firstRow.locator('.k-counter')).toHaveText(/^\d+\/\d+$|^—$/);
  await expect(firstRow.getByTestId('applications-state')).toHaveText(/Ouvertes|Complète|Annulée|Archivée|Aucune entrée/);
  await expectNoSidewaysScroll();
  await expectNotClipped('[data-testid="catalogue-grid"] [role="columnheader"], [data-testid="catalogue-grid"] .k-date, [data-testid="catalogue-grid"] .k-apps, [data-testid="catalogue-grid"] .k-action');
  await shoot('home-prescriber');

  // The full session reads « Complète », its « Préinscrire » button is off.
  await page.getByRole('searchbox', { name: 'Recherche' }).fill(full.carif);
  const fullRow = page.getByTestId(`catalogue-${full.carif}`);
  await expect(fullRow.getByTestId('applications-state')).toHaveText('Complète');
  await expect(fullRow.getByRole('button', { name: 'Préinscrire' })).toBeDisabled();
  await page.getByRole('searchbox', { name: 'Recherche' }).fill('');

  // Territory: only sessions of the Pyrénées-Atlantiques.
  await page.getByLabel('Département').selectOption('64');
  await expect
    .poll(async () => {
      const cities = await grid.locator('.vgrid-row .k-city').allInnerTexts();
      return cities.length > 0 && cities.every((city) => city.endsWith('(64)'));
    })
    .toBe(true);
  await page.getByLabel('Département').selectOption('');
});

test('pre-registration: a full session is shown but cannot be chosen; the person is checked before anything is queued', async () => {
  await nav().getByRole('button', { name: 'Préinscriptions' }).click();
  await expect(heading('Préinscriptions')).toBeVisible();
  await expect(page.getByTestId('level-note')).toHaveCount(1);
  await expect(page.getByTestId('level-note')).toContainText('un prescripteur de niveau 3 de votre structure les valide');
  await expect(page.getByRole('button', { name: 'Valider' })).toHaveCount(0);

  const form = page.getByRole('form', { name: 'Nouvelle préinscription' });
  const picker = form.getByRole('combobox', { name: 'Session' });
  await picker.click();
  await expect(page.getByRole('listbox')).toBeVisible();
  await shoot('preinscription-picker');
  // Typed by its Carif number, the full session is listed, greyed, with the reason; a click does not choose it.
  await picker.fill(fullCarif);
  const option = page.getByTestId(`option-${fullCarif}`);
  await expect(option).toHaveAttribute('aria-disabled', 'true');
  await expect(option).toContainText('Fermée : session complète');
  await expect(option).toContainText(/\d+\/\d+ places prises/);
  await option.click({ force: true });
  await expect(picker).toHaveValue(fullCarif);
  await page.keyboard.press('Escape');

  await form.getByLabel('Prénom').fill('Maïa');
  await form.getByLabel('Nom', { exact: true }).fill('Irigoyen');
  await form.getByLabel('E-mail').fill('maia.irigoyen@exemple.fr');
  await form.getByLabel('Téléphone (facultatif)').fill('12 34');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(form.getByText('Choisissez une session.')).toBeVisible();
  await expect(form.getByText(/10 chiffres/)).toBeVisible();
  await expect(nav().getByRole('button', { name: /À envoyer/ })).toHaveText('À envoyer'); // nothing queued
  await shoot('preinscription-errors');

  // An open session and a real phone number: saved, queued, then sent.
  await picker.fill('');
  await page.getByRole('listbox').locator('[data-testid^="option-"]:not([aria-disabled="true"])').first().click(); // a session (the list says « Recherche des sessions… » until they arrive)
  await form.getByLabel('Téléphone (facultatif)').fill('06 12 34 56 78');
  await form.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(form.getByRole('status')).toHaveText('Préinscription de Maïa Irigoyen enregistrée.');
  const row = page.getByRole('row', { name: /Irigoyen/ });
  await expect(row).toBeVisible();
  await expect(row.getByRole('button', { name: 'Valider' })).toHaveCount(0);
  await expectNoSidewaysScroll();
  await shoot('preinscriptions');
  await syncAndSettle();
  await expect(row.getByText('À envoyer')).toHaveCount(0, { timeout: 30_000 });
  await signOut();
});

test('Cap Métiers lands on its admin tools and reopens a non-retained candidature with its dates', async () => {
  const manager = await ServerApi.signIn(stack.server.url, 'manager@demo.test', DEMO_PASSWORD);
  const pulled = await manager.pullAll(DEMO_STRUCTURES.of.id);
  const target = [...pulled.candidatures.values()].find((c) => c.state === 'NON_RETENUE' && pulled.sessions.get(c.sessionId)?.status === 'PUBLISHED')!;
  const session = pulled.sessions.get(target.sessionId)!;
  const today = parisDay(new Date());
  const entry = today > session.marketStart ? today : session.marketStart;
  const exit = addDays(entry, 60) < session.marketEnd ? addDays(entry, 60) : session.marketEnd;

  await signIn('admin@capmetiers.test');
  await expect(heading('Administration Cap Métiers')).toBeVisible();
  expect(await menu()).toEqual(['Administration', 'Mon compte']);
  // No structure, nothing to sync: the bar claims neither « Jamais synchronisé » nor a pending count.
  await expect(syncBar().getByTestId('sync-online')).toBeVisible();
  await expect(syncBar()).not.toContainText('Jamais synchronisé');
  await expect(syncBar().getByTestId('sync-pending')).toHaveCount(0);
  await expect(page.getByTestId('first-accounts').getByTestId('request-direction@nouvel-of.test')).toBeVisible();
  await shoot('home-admin');

  const reopen = page.getByTestId('reopen');
  await reopen.getByLabel('Candidat·e ou n° Carif').fill(target.candidate.email);
  await reopen.getByRole('button', { name: 'Rechercher' }).click();
  await reopen.getByTestId(`reopen-${target.id}`).getByRole('button', { name: 'Repasser en retenue' }).click();
  const form = page.getByTestId('reopen-form');
  const typeDay = async (index: number, day: string) => {
    const field = form.locator('.date-field').nth(index);
    await field.locator('.date-segment[data-type="day"]').click();
    const [y, m, d] = day.split('-');
    await page.keyboard.type(`${d}${m}${y}`);
    await expect(field.locator('.date-input')).toHaveText(new RegExp(`^${d}\\s*/\\s*${m}\\s*/\\s*${y}$`));
  };
  await typeDay(0, entry);
  await typeDay(1, exit);
  await shoot('admin-reopen');
  await form.getByRole('button', { name: 'Confirmer : retenue' }).click();
  await expect(reopen.getByRole('status')).toContainText('repassée en retenue');

  const after = (await manager.pullAll(DEMO_STRUCTURES.of.id)).candidatures.get(target.id)!;
  expect(after).toMatchObject({ state: 'RETENUE', retained: { plannedEntry: entry, plannedExit: exit } });

  // Offline, the admin tools say so and do nothing.
  stack.proxy.setOnline(false);
  await syncBar().getByRole('button', { name: 'Synchroniser' }).click();
  await expect(syncBar().getByTestId('sync-online')).toHaveText('Hors connexion', { timeout: 30_000 });
  await expect(page.getByText('Connexion requise : ces outils sont indisponibles hors connexion.')).toBeVisible();
  await expect(reopen.getByRole('button', { name: 'Rechercher' })).toBeDisabled();
  stack.proxy.setOnline(true);
  await signOut();
});

test('after Cap Métiers signs out, a manager lands on the dashboard, not on the admin page', async () => {
  await signIn('manager@demo.test');
  await expect(heading('Gestion des candidatures')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Administration Cap Métiers' })).toHaveCount(0);
});
