import { expect, type Page } from '@playwright/test';
import { watchPage } from './watch-page.ts';

/**
 * Opens `url`, scrolls the widget named `widget` into view (so it hydrates) and waits until it reports
 * `data-status="ready"`. The page is watched from the start, so console errors and failed requests on
 * the way count against the test.
 */
export async function openWidget(page: Page, url: string, widget: string, timeout = 180_000) {
  const watched = watchPage(page);
  await page.goto(url);
  const root = page.locator(`[data-widget="${widget}"]`);
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-status', 'ready', { timeout });
  return { root, watched };
}
