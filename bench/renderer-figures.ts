// The renderer's figures, measured in Debian's Chromium through the headless host on a core that holds the whole
// structure (the core's bench process runs this after its own figures, so they do not count here):
// - time to the first useful screen: the app opened by a user already signed in, until the dashboard shows its counts;
// - time to the candidatures list: from the menu until its first rows are on screen;
// - frame times while scrolling the whole list (rows drawn from the core page by page as they come into view);
// - after a jump to the middle of the list, the time until the rows in view are filled.
import { chromium, type Page } from '@playwright/test';
import { performance } from 'node:perf_hooks';
import { startHeadlessHost, type HostedCore } from '../main/host/headless-host';
import { percentile } from './harness';

export type RendererFigures = {
  firstScreenMs: number;
  listMs: number;
  listTotal: number;
  scrollFrameP95Ms: number;
  scrollFrameMaxMs: number;
  scrollFrames: number;
  jumpFilledMs: number;
  scrollStepPx: number;
};

const SCROLL_FRAMES = 240;
const SCROLL_STEP_PX = 180;
const DATA_ROWS = '.vgrid-row[data-testid^="cand-"]';

// Page code as strings: the bench is type-checked without the DOM.

/** Scrolls the list one step per animation frame and returns the intervals between frames, in ms. */
const SCROLL_AND_TIME = `new Promise((resolve) => {
  const box = document.querySelector('.vgrid-scroll');
  const stamps = [];
  const step = (now) => {
    stamps.push(now);
    if (stamps.length > ${SCROLL_FRAMES}) {
      resolve(stamps.slice(1).map((t, i) => t - stamps[i]));
      return;
    }
    box.scrollTop += ${SCROLL_STEP_PX};
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

/** Jumps to the middle of the list; resolves with the ms until every row in view has its data (no placeholder). */
const JUMP_AND_WAIT = `new Promise((resolve, reject) => {
  const box = document.querySelector('.vgrid-scroll');
  const start = performance.now();
  box.scrollTop = box.scrollHeight / 2;
  const inView = () => {
    const { top, bottom } = box.getBoundingClientRect();
    return [...box.querySelectorAll('.vgrid-row:not(.vgrid-head)')].filter((row) => {
      const r = row.getBoundingClientRect();
      return r.bottom > top && r.top < bottom && r.height > 0;
    });
  };
  const check = () => {
    const rows = inView();
    if (rows.length > 0 && rows.every((row) => (row.getAttribute('data-testid') ?? '').startsWith('cand-'))) resolve(performance.now() - start);
    else if (performance.now() - start > 30000) reject(new Error('rows still empty 30 s after the jump'));
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

export async function measureRenderer(core: HostedCore, staticDir: string): Promise<RendererFigures> {
  const host = await startHeadlessHost({ core, staticDir });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--lang=fr-FR', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-gpu'],
  });
  try {
    const page: Page = await browser.newPage({ viewport: { width: 1280, height: 720 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    const firstScreenMs = await timed(async () => {
      await page.goto(host.url);
      await page.getByTestId('dashboard-table').locator('td').first().waitFor({ timeout: 60_000 });
    });
    const listMs = await timed(async () => {
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('button', { name: /Gestion par candidatures/ }).click();
      await page.locator(DATA_ROWS).first().waitFor({ timeout: 60_000 });
    });
    const listTotal = await page.getByTestId('candidature-grid').getAttribute('aria-rowcount').then((n) => Number(n ?? 0) - 1);
    const intervals = await page.evaluate<number[]>(SCROLL_AND_TIME);
    await page.evaluate('document.querySelector(".vgrid-scroll").scrollTop = 0');
    await page.locator(DATA_ROWS).first().waitFor();
    const jumpFilledMs = await page.evaluate<number>(JUMP_AND_WAIT);
    return {
      firstScreenMs,
      listMs,
      listTotal,
      scrollFrameP95Ms: percentile(intervals, 95),
      scrollFrameMaxMs: Math.max(...intervals),
      scrollFrames: intervals.length,
      jumpFilledMs,
      scrollStepPx: SCROLL_STEP_PX,
    };
  } finally {
    await browser.close();
    await host.close();
  }
}
