import type { Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/** Screenshots of the main screens, kept as test artifacts under test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  // Transitions finished: a switch or a panel caught mid-way would show a state the user never sees for long.
  await page.screenshot({ path: `${dir}${name}.png`, animations: 'disabled' });
}
