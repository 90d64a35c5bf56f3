import { expect, test, type Locator, type Page } from './test.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { expectNoEnglish } from './no-english.ts';
import { openWidget } from './open-widget.ts';
import { watchPage } from './watch-page.ts';

// Chapter 3 in Chinese: GradientFlow's toy and its two tiny VQ-VAEs work as in English and show none
// of their English strings.
test.describe.configure({ timeout: 300_000 });

const PATH = '/zh/straight-through-estimation/';
const en = widgetStrings('en');
const zh = widgetStrings('zh');
/** Where screenshots go; ZH_SHOTS moves them out of the shared test-results. */
const SHOTS = process.env.ZH_SHOTS ?? 'test-results/zh-straight-through-estimation';
const tables = [en.gradientFlow, en.common, en.backendBadge];

async function open(page: Page, query = '') {
  const opened = await openWidget(page, `${PATH}${query}`, 'GradientFlow', 120_000);
  await expect(opened.root).toHaveAttribute('data-toy-ready', 'true');
  return opened;
}

const numberOf = async (root: Locator, name: string) => Number(await root.getAttribute(`data-${name}`));

test('GradientFlow in Chinese: the toy walks to the target with the estimator, stays without; both models train', async ({ page }) => {
  const { root, watched } = await open(page, '?backend=wasm');
  const s = zh.gradientFlow;
  const start = await root.getAttribute('data-toy-code');
  for (let i = 0; i < 6; i++) await root.getByRole('button', { name: s.step, exact: true }).click();
  await expect(root).toHaveAttribute('data-toy-steps', '6');
  await expect(root).toHaveAttribute('data-toy-code', '5');
  await expect(root.locator('.toy .note')).toContainText('第 6 步：z = (');
  await expect(root.locator('.toy svg')).toHaveAttribute('aria-label', /被量化为码字 5；z 处的梯度为/);

  await root.getByRole('button', { name: s.reset, exact: true }).click();
  await root.getByRole('checkbox', { name: s.estimator }).uncheck();
  await expect(root).toHaveAttribute('data-toy-gradient', '0.0000,0.0000');
  await root.getByRole('button', { name: s.step, exact: true }).click();
  await expect(root).toHaveAttribute('data-toy-code', start!);
  await expect(root.locator('.toy .note')).toContainText('没有直通估计，z 永远不会移动');
  await expect(root.locator('.toy .legend')).toContainText('到此为止');
  await expectNoEnglish(root, tables);

  await root.getByRole('button', { name: s.train }).click();
  await expect(root.getByRole('button', { name: s.pause })).toBeVisible();
  await expect.poll(() => numberOf(root, 'stopped-step'), { timeout: 240_000 }).toBeGreaterThanOrEqual(3);
  await expect.poll(() => numberOf(root, 'ste-step'), { timeout: 240_000 }).toBeGreaterThanOrEqual(3);
  await root.getByRole('button', { name: s.pause }).click();
  await expect(root).toHaveAttribute('data-status', 'ready');
  expect(await numberOf(root, 'stopped-encoder-gradient')).toBe(0);
  expect(await numberOf(root, 'ste-encoder-gradient')).toBeGreaterThan(0);
  await expect(root.locator('[data-side="ste"] .counters')).toContainText('· 重建误差');
  await expect(root.locator('.visually-hidden[aria-live]')).toContainText('步后，重建误差：使用直通估计');
  await expectNoEnglish(root, tables);
  expect(watched.problems).toEqual([]);
});

for (const [width, scheme] of [[360, 'dark'], [360, 'light'], [1280, 'light'], [1280, 'dark']] as const) {
  test(`GradientFlow in Chinese at ${width} px, ${scheme}`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
    const page = await context.newPage();
    const watched = watchPage(page);
    const { root } = await open(page, '?backend=wasm');
    for (let i = 0; i < 2; i++) await root.locator('[data-action="toy-step"]').click();
    // A few steps of training, so that the chart and the reconstructions are drawn too.
    await root.locator('[data-action="train"]').click();
    await expect.poll(() => numberOf(root, 'ste-step'), { timeout: 240_000 }).toBeGreaterThanOrEqual(2);
    await root.locator('[data-action="train"]').click();
    await expect(root).toHaveAttribute('data-status', 'ready');
    const box = (await root.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await root.screenshot({ path: `${SHOTS}/gradient-flow-${width}-${scheme}.png` });
    expect(watched.problems).toEqual([]);
    await context.close();
  });
}
