import { expect, test } from './test.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { expectNoEnglish } from './no-english.ts';
import { watchPage } from './watch-page.ts';

const en = widgetStrings('en');

test('the Chinese chapter 7 embeds its two examples in Chinese, loaded only when scrolled to', async ({ page }) => {
  const watched = watchPage(page);
  await page.goto('/zh/use-the-model/');
  // The generated reference stays in English, as the chapter says, and is still there in full.
  expect(await page.locator('[data-api-reference] dt').count()).toBeGreaterThan(100);
  expect(await page.locator('script[src="/embed/widgets.js"]').count()).toBe(0);
  const element = page.locator('[data-embed-example="element"]');
  await element.scrollIntoViewIfNeeded();
  const playground = element.locator('[data-widget="QuantizationPlayground"]');
  await expect(playground).toHaveAttribute('data-k', '6');
  await expectNoEnglish(playground, [en.quantizationPlayground, en.common]);
  const frameBox = page.locator('[data-embed-example="iframe"]');
  await frameBox.scrollIntoViewIfNeeded();
  await expect(frameBox.locator('iframe')).toHaveAttribute('title', '用 iframe 嵌入的编码–解码交互组件');
  const widget = page.frameLocator('[data-embed-example="iframe"] iframe').locator('[data-widget="EncodeDecode"]');
  await expect(widget).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expectNoEnglish(widget, [en.encodeDecode, en.common, en.backendBadge]);
  expect(watched.problems).toEqual([]);
});
