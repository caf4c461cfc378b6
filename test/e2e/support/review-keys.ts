// Moving through the candidatures grid with the keyboard, as a reviewer does.
import { expect, type Page } from '@playwright/test';

/**
 * Presses j and returns the id of the candidature then selected. The selection moves at the next render: the row is
 * read once it has, or it would still be the one just left (and its panel would be expected after the move).
 */
export async function pressJ(page: Page): Promise<string> {
  const row = page.locator('.vgrid-row[aria-selected="true"]');
  const before = (await row.count()) > 0 ? await row.getAttribute('data-testid') : null;
  await page.keyboard.press('j');
  if (before) await expect(row).not.toHaveAttribute('data-testid', before);
  return ((await row.getAttribute('data-testid')) ?? '').replace(/^cand-/, '');
}
