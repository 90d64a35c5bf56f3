import { expect, test } from './test.ts';
import { watchPage } from './watch-page.ts';

test('the language switcher goes to the same chapter and the same section, both ways', async ({ page }) => {
  const watched = watchPage(page);
  await page.goto('/en/codebook-and-commitment-losses/');
  const toChinese = page.locator('nav.languages a[hreflang="zh"]');
  await expect(toChinese).toHaveAttribute('href', '/zh/codebook-and-commitment-losses/');
  // Read on to the fourth section, "What β controls, and what it does not", then switch.
  await page.locator('h2#what-β-controls-and-what-it-does-not').evaluate((h) => h.scrollIntoView());
  await page.waitForTimeout(300);
  await toChinese.hover();
  await toChinese.click();
  await expect(page).toHaveURL(/\/zh\/codebook-and-commitment-losses\/#/);
  const target = decodeURIComponent(new URL(page.url()).hash.slice(1));
  await expect(page.locator('h2').filter({ has: page.locator(`xpath=self::*[@id="${target}"]`) })).toContainText('β 控制什么');
  await expect(page.locator(`[id="${target}"]`)).toBeInViewport();
  // And back: the reader goes on to the EMA section, lingers, then scrolls back up past it to switch.
  await page.locator('h2', { hasText: 'EMA 更新' }).evaluate((h) => h.scrollIntoView());
  await page.waitForTimeout(2000);
  const toEnglish = page.locator('nav.languages a[hreflang="en"]');
  await toEnglish.hover();
  await toEnglish.click();
  await expect(page).toHaveURL(/\/en\/codebook-and-commitment-losses\/#ema-updates$/);
  // A fresh page read no further than its introduction links to the plain chapter address.
  await page.goto('/en/codebook-and-commitment-losses/');
  await page.locator('nav.languages a[hreflang="zh"]').hover();
  await expect(page.locator('nav.languages a[hreflang="zh"]')).toHaveAttribute('href', /\/zh\/codebook-and-commitment-losses\/$/);
  expect(watched.problems).toEqual([]);
});
