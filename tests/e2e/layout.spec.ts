import { expect, test } from './test.ts';
import AxeBuilder from '@axe-core/playwright';
import { expectedPages } from './site-pages.ts';

const chapter = expectedPages().find((p) => p.mathCount > 0)!.path;

test('the theme toggle switches to dark and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(chapter);
  const toggle = page.locator('[data-theme-toggle]');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const lightBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);

  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const darkBackground = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(darkBackground).not.toBe(lightBackground);

  const results = await new AxeBuilder({ page }).withTags(['wcag2aa']).analyze();
  expect(results.violations.filter((v) => v.id === 'color-contrast').flatMap((v) => v.nodes.map((n) => n.target))).toEqual([]);
  await page.screenshot({ path: 'test-results/theme/chapter-dark.png', fullPage: true });
});

test('the OS dark preference applies when the reader has not chosen', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/en/');
  await expect(page.locator('[data-theme-toggle]')).toHaveAttribute('aria-pressed', 'true');
  // The dark token of --bg.
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(21, 23, 26)');
});

test('pages fit a 360 px screen without sideways scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  for (const { path } of expectedPages()) {
    await page.goto(path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${path} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
  }
  await page.goto(chapter);
  await page.screenshot({ path: 'test-results/narrow/chapter-360.png', fullPage: true });
});

test('the skip link is the first stop for the keyboard and moves focus to the content', async ({ page }) => {
  await page.goto(chapter);
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
});

test('a chapter has a table of contents, a reading time and previous/next links', async ({ page }) => {
  await page.goto('/en/straight-through-estimation/');
  const tocLinks = page.locator('nav.toc a');
  expect(await tocLinks.count()).toBeGreaterThanOrEqual(3);
  for (const href of await tocLinks.evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
    await expect(page.locator(href)).toHaveCount(1);
  }
  await expect(page.locator('[data-reading-time]')).toHaveText(/^\d+ min read$/);
  await expect(page.locator('a[rel="prev"]')).toHaveAttribute('href', '/en/autoencoders-to-vq-vae/');
  await expect(page.locator('a[rel="next"]')).toHaveAttribute('href', '/en/codebook-and-commitment-losses/');
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /.{20,}/);
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', 'Straight-through estimation');
});

test('the language switcher leads to Chinese, and <html lang> follows', async ({ page }) => {
  await page.goto('/en/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.getByRole('link', { name: '中文' }).click();
  await expect(page).toHaveURL(/\/zh\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.locator('h1')).toHaveText('VQ-VAE 现场讲解');
});
