// A manager's day on an ordinary laptop screen and on a large one: the morning reminder opens the candidatures about
// to turn « avis non transmis », earliest first; nothing on screen is cut without its full text at hand; dates read
// and type as jj/mm/aaaa even in an English browser; « Travailler hors connexion » holds across a reload; a tab whose
// local host stopped says so and comes back by itself. Screenshots at 1280×720 and 1920×1080 in test-results/screenshots.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from '../../server/index';
import { startHeadlessHost } from '../../main/host/headless-host';
import { startStack, type Stack } from './support/stack';
import { screenshot } from './support/screens';
import { pressJ } from './support/review-keys';

const SIZES = [
  { name: '1280x720', width: 1280, height: 720 },
  { name: '1920x1080', width: 1920, height: 1080 },
] as const;

let stack: Stack;
let page: Page;

test.describe.configure({ mode: 'serial' });

// The browser's Notification API, recorded: headless Chromium shows none, and the test clicks it.
const NOTIFICATION_STUB = `
  window.__shown = [];
  window.Notification = class {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, options) { this.title = title; this.body = options.body; this.onclick = null; window.__shown.push(this); }
    close() {}
  };`;

test.beforeAll(async ({ browser }) => {
  stack = await startStack();
  page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (e) => console.error('pageerror:', e.message));
  await page.addInitScript(NOTIFICATION_STUB);
  await page.goto(stack.host.url);
  await page.getByLabel('Adresse e-mail').fill('manager@demo.test');
  await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page.getByRole('heading', { name: 'Gestion des candidatures', level: 1 })).toBeVisible();
  await expect(syncBar().getByRole('button', { name: 'Synchroniser' })).toBeEnabled({ timeout: 60_000 });
});

test.afterAll(async () => {
  await page?.close();
  await stack?.close();
});

const syncBar = () => page.getByRole('contentinfo', { name: 'État de la synchronisation' });
const nav = () => page.getByRole('navigation', { name: 'Navigation principale' });
const rows = () => page.locator('.vgrid-row[data-testid^="cand-"]');

/**
 * Texts cut by their box (header cells, table headers, badges, grid cell lines) that do not carry their full text in a
 * title, plus badges pushed past the edge of their cell. Page code as a string: this file is type-checked without the DOM.
 */
const CLIPPED_TEXTS = `[...document.querySelectorAll('[role="columnheader"], th, .badge, [role="gridcell"], [role="gridcell"] > *, [role="gridcell"] > * > *')].flatMap((el) => {
  if (el.getClientRects().length === 0) return [];
  // A cell holding elements is judged by them; a cell of plain text by itself.
  if (el.getAttribute('role') === 'gridcell' && el.children.length > 0) return [];
  // What a reader gets: the text without decorations hidden from assistive technologies (sort arrows).
  const copy = el.cloneNode(true);
  copy.querySelectorAll('[aria-hidden="true"]').forEach((h) => h.remove());
  const text = (copy.textContent || '').trim();
  if (!text) return [];
  const titled = ((el.closest('[title]') && el.closest('[title]').getAttribute('title')) || '').includes(text);
  if (el.scrollWidth > el.clientWidth + 1 && !titled) return ['cut: ' + text];
  const cell = el.closest('[role="gridcell"], td, th');
  if (el.classList.contains('badge') && cell && el.getBoundingClientRect().right > cell.getBoundingClientRect().right + 1 && !titled) return ['past its cell: ' + text];
  return [];
})`;

async function clippedTexts(target: Page): Promise<string[]> {
  const sideScroll = (await target.evaluate('document.documentElement.scrollWidth > window.innerWidth')) as boolean;
  return [...(sideScroll ? ['the page scrolls sideways'] : []), ...((await target.evaluate(CLIPPED_TEXTS)) as string[])];
}

async function openCandidatures(): Promise<void> {
  await nav().getByRole('button', { name: /Gestion par candidatures/ }).click();
  await expect(page.getByRole('heading', { name: 'Gestion par candidatures', level: 1 })).toBeVisible();
  await expect(rows().first()).toBeVisible();
}

/** Selects, with j, the next pending row that takes an avis here; returns the avis panel. */
async function selectDecidable(target: Page): Promise<Locator> {
  const panel = target.getByTestId('avis-panel');
  await target.getByTestId('candidature-grid').focus();
  for (let attempt = 0; attempt < 30; attempt++) {
    const id = await pressJ(target);
    await expect(panel).toHaveAttribute('data-candidature-id', id);
    const yes = panel.getByRole('button', { name: /Conforme : oui/ });
    await expect(yes.or(panel.getByTestId('avis-refusal'))).toBeVisible();
    if (await yes.isVisible()) return panel;
  }
  throw new Error('no candidature taking an avis reachable with j');
}

test('the daily reminder is a notification whose click opens the candidatures near « avis non transmis », earliest first', async () => {
  await expect.poll(() => page.evaluate('window.__shown.length'), { timeout: 30_000 }).toBe(1);
  const title = String(await page.evaluate('window.__shown[0].title'));
  expect(title).toMatch(/^\d+ candidatures? passen?t? bientôt en « avis non transmis »$/);
  expect(String(await page.evaluate('window.__shown[0].body'))).toMatch(/première échéance le \d{2}\/\d{2}\/\d{4}/);

  await page.evaluate('window.__shown[0].onclick()');
  await expect(page.getByRole('heading', { name: 'Gestion par candidatures', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Avis sous 15 jours')).toBeChecked();
  await expect(page.getByRole('columnheader', { name: /Avis avant le/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows().first()).toBeVisible();
  const deadlines = (await page.locator('.vgrid-row[data-testid^="cand-"] .c-date:nth-of-type(5)').allInnerTexts()).map(toIso);
  expect(deadlines.length).toBeGreaterThan(1);
  expect([...deadlines].sort()).toEqual(deadlines);
});

test('« avis sous 15 jours » from the dashboard opens on the earliest deadline', async () => {
  await nav().getByRole('button', { name: /Tableau de bord/ }).click();
  await page.getByTestId('dashboard-table').locator('tr[data-role="RESPONSABLE"] td[data-column="DEADLINE_SOON"]').getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: /Avis avant le/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows().first()).toBeVisible();
  const deadlines = (await page.locator('.vgrid-row[data-testid^="cand-"] .c-date:nth-of-type(5)').allInnerTexts()).map(toIso);
  expect([...deadlines].sort()).toEqual(deadlines);
});

test('the candidature list reads the rows past its first page as they scroll into view, and keeps the selected candidature while scrolled away', async () => {
  await openCandidatures();
  // Pages hold 200 rows (renderer/src/use-paged-query.ts): unfiltered, the demo manager sees more than one (the
  // list may still show the previous test's filtered rows for a moment).
  const listTotal = async () => Number((await page.getByTestId('list-total').innerText()).replace(/\D/g, ''));
  await expect.poll(listTotal).toBeGreaterThan(200);
  const total = await listTotal();
  const scroller = page.locator('[data-testid="candidature-grid"] .vgrid-scroll');
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  const last = page.locator(`.vgrid-row[aria-rowindex="${total + 1}"]`);
  await expect(last).toHaveAttribute('data-testid', /^cand-/);
  const id = ((await last.getAttribute('data-testid')) ?? '').replace(/^cand-/, '');
  await last.click();
  const panel = page.locator('aside.avis-panel');
  await expect(panel).toHaveAttribute('data-candidature-id', id);

  // Back at the top, the first page shows and the panel still holds the candidature selected at the bottom.
  await scroller.evaluate((el) => (el.scrollTop = 0));
  await expect(rows().first()).toBeVisible();
  await expect(panel).toHaveAttribute('data-candidature-id', id);

  // A sync reads the rows again in place: the selected row is still there, still selected.
  await syncBar().getByRole('button', { name: 'Synchroniser' }).click();
  await expect(syncBar().getByRole('button', { name: 'Synchroniser' })).toBeEnabled({ timeout: 60_000 });
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await expect(page.locator('.vgrid-row[aria-selected="true"]')).toHaveAttribute('data-testid', `cand-${id}`);
  await expect(page.locator('.row-loading')).toHaveCount(0);
  await expect(panel).toHaveAttribute('data-candidature-id', id);
});

for (const size of SIZES) {
  test(`at ${size.name}, no header, badge or name is cut without its full text`, async () => {
    await page.setViewportSize({ width: size.width, height: size.height });

    await nav().getByRole('button', { name: /Tableau de bord/ }).click();
    await expect(page.getByTestId('dashboard-table')).toBeVisible();
    expect(await clippedTexts(page)).toEqual([]);
    await screenshot(page, `daily-dashboard-${size.name}`);

    await openCandidatures();
    const panel = await selectDecidable(page);
    expect(await clippedTexts(page)).toEqual([]);
    await screenshot(page, `daily-candidatures-${size.name}`);
    await page.keyboard.press('o');
    // Giving an avis, the candidate's contact details stay in view.
    await expect(panel.getByRole('link', { name: /@/ })).toBeInViewport();
    await screenshot(page, `daily-avis-form-${size.name}`);
    await page.keyboard.press('Escape');

    await nav().getByRole('button', { name: /Gestion par sessions/ }).click();
    await expect(page.locator('.sessions-grid .vgrid-row').first()).toBeVisible();
    expect(await clippedTexts(page)).toEqual([]);
    await screenshot(page, `daily-sessions-${size.name}`);

    // A session opens on its candidatures; its description follows.
    await page.locator('.sessions-grid .vgrid-row').first().getByRole('button').first().click();
    const candidatures = page.getByRole('heading', { name: 'Candidatures de la session' });
    await expect(candidatures).toBeVisible();
    const entryPoints = page.getByRole('heading', { name: "Points d'entrée" });
    expect((await candidatures.boundingBox())!.y).toBeLessThan((await entryPoints.boundingBox())!.y);
    await expect(candidatures).toBeInViewport();
    expect(await clippedTexts(page)).toEqual([]);
    await screenshot(page, `daily-session-${size.name}`);
  });
}

test('in an English browser, dates still read and type as jj/mm/aaaa', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'America/New_York', viewport: { width: 1280, height: 720 } });
  const english = await context.newPage();
  try {
    await english.goto(stack.host.url);
    await english.getByRole('navigation', { name: 'Navigation principale' }).getByRole('button', { name: /Gestion par candidatures/ }).click();
    await expect(english.locator('.vgrid-row[data-testid^="cand-"]').first()).toBeVisible();
    const panel = await selectDecidable(english);
    await english.keyboard.press('o');
    const entry = panel.getByRole('group', { name: "Date d'entrée prévisionnelle" });
    const typed = entry.locator('.date-input');
    await expect(entry).toBeVisible();
    // Prefilled, day first.
    await expect(typed).toHaveText(/^\d{2}\/\d{2}\/\d{4}$/);
    const segments = entry.getByRole('spinbutton');
    const labels = [];
    for (let i = 0; i < (await segments.count()); i++) labels.push(((await segments.nth(i).getAttribute('aria-label')) ?? '').split(',')[0]!.trim());
    expect(labels).toEqual(['jour', 'mois', 'année']);
    // Typed as a French manager types it.
    await segments.first().click();
    await english.keyboard.type('15092026');
    await expect(typed).toHaveText('15/09/2026');
    await screenshot(english, 'daily-date-field-en-US');
    await english.keyboard.press('Escape');
  } finally {
    await context.close();
  }
});

test('« Travailler hors connexion » holds across a reload, and switching back sends what waited', async () => {
  await page.setViewportSize({ width: 1280, height: 720 });
  const toggle = syncBar().getByRole('switch', { name: 'Travailler hors connexion' });
  // As a user does: a click on the switch's words.
  await syncBar().getByText('Travailler hors connexion').click();
  await expect(toggle).toBeChecked();
  await expect(syncBar().getByTestId('sync-online')).toHaveText('Hors connexion, à votre demande');
  await expect(syncBar().getByRole('button', { name: 'Synchroniser' })).toBeDisabled();

  await openCandidatures();
  await selectDecidable(page);
  await page.keyboard.press('n');
  await page.getByRole('radio', { name: 'Personne injoignable' }).check();
  await page.keyboard.press('Enter');
  await expect(syncBar().getByTestId('sync-pending')).toHaveText('1 avis à envoyer');

  await page.reload();
  await expect(syncBar().getByRole('switch', { name: 'Travailler hors connexion' })).toBeChecked();
  await expect(syncBar().getByTestId('sync-online')).toHaveText('Hors connexion, à votre demande');
  await expect(syncBar().getByTestId('sync-pending')).toHaveText('1 avis à envoyer');
  expect(await clippedTexts(page)).toEqual([]);
  await screenshot(page, 'daily-work-offline-1280x720');

  // Signing out now would lose it: the dialog says what.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog.getByTestId('sign-out-unsent')).toHaveText('Pas encore envoyé : 1 avis.');
  await dialog.getByRole('button', { name: 'Annuler' }).click();

  await syncBar().getByText('Travailler hors connexion').click();
  await expect(syncBar().getByTestId('sync-online')).toHaveText('En ligne', { timeout: 60_000 });
  await expect(syncBar().getByTestId('sync-pending')).toHaveText('Rien à envoyer', { timeout: 60_000 });
});

test('a tab whose local host stopped says so, and comes back by itself when the host restarts', async () => {
  const { port, token } = stack.host;
  await stack.host.close();
  const notice = page.getByTestId('host-lost');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText("L'application locale ne répond plus");
  await screenshot(page, 'daily-host-lost-1280x720');

  stack.host = await startHeadlessHost({ core: stack.core, staticDir: stack.staticDir, port, token });
  await expect(notice).toBeHidden({ timeout: 30_000 });
  await expect(syncBar().getByTestId('sync-online')).toHaveText('En ligne');
  // A reload finds the same address and token.
  await page.reload();
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
});

function toIso(day: string): string {
  const [d, m, y] = day.trim().split('/');
  return `${y}-${m}-${d}`;
}
