import { expect, type Browser, type Page } from '@playwright/test';
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

/**
 * Opens `url` in a fresh context of the given width and colour scheme, brings each of `widgets` into
 * view in turn, waits until it is ready, and checks that it fits the width. The caller closes `context`.
 */
export async function openWidgetsAt(browser: Browser, url: string, view: { width: number; scheme: 'light' | 'dark' }, widgets: string[], timeout = 180_000) {
  const context = await browser.newContext({ viewport: { width: view.width, height: 900 }, colorScheme: view.scheme, reducedMotion: 'reduce' });
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto(url);
  for (const name of widgets) {
    const root = page.locator(`[data-widget="${name}"]`);
    await root.scrollIntoViewIfNeeded();
    await expect(root).toHaveAttribute('data-status', 'ready', { timeout });
    const box = (await root.boundingBox())!;
    expect(box.x + box.width, `${name} fits ${view.width} px`).toBeLessThanOrEqual(view.width);
  }
  return { context, page, watched };
}
