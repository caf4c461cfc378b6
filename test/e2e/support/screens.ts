import type { Page } from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/** Screenshots of the main screens, kept as test artifacts under test-results/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: `${dir}${name}.png` });
}
