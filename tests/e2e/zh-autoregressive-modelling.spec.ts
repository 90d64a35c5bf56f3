import { expect, test, type Locator, type Page } from './test.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { expectNoEnglish } from './no-english.ts';
import { openWidget, openWidgetsAt } from './open-widget.ts';

// Chapter 1 in Chinese: the masked-convolution explorer, the pixel sampler and the 99-versus-100
// explorer work as in English and show none of their English strings.
test.describe.configure({ timeout: 180_000 });

const PATH = '/zh/autoregressive-modelling/';
const en = widgetStrings('en');
const zh = widgetStrings('zh');
/** Where screenshots go; ZH_SHOTS moves them out of the shared test-results. */
const SHOTS = process.env.ZH_SHOTS ?? 'test-results/zh-autoregressive-modelling';

const open = (page: Page, widget: string, query = '') => openWidget(page, `${PATH}${query}`, widget, 60_000);

const count = async (root: Locator, name: string) => Number(await root.getAttribute(`data-${name}`));

test('MaskedConvExplorer in Chinese: layers and kernel sizes change the field, all in Chinese', async ({ page }) => {
  const { root, watched } = await open(page, 'MaskedConvExplorer');
  await expect(root).toHaveAttribute('data-seen', '4');
  await root.getByRole('button', { name: zh.maskedConvExplorer.add }).click();
  await root.getByRole('button', { name: zh.maskedConvExplorer.add }).click();
  await expect(root).toHaveAttribute('data-layers', '3');
  await expect(root).toHaveAttribute('data-seen', '21');
  await expect(root.locator('.stack li')).toHaveText(['1：A 型，3×3', '2：B 型，3×3', '3：B 型，3×3']);
  await root.getByLabel(zh.maskedConvExplorer.kernelSize).selectOption('5');
  await expect(root).toHaveAttribute('data-kernel', '5');
  await root.getByRole('button', { name: zh.maskedConvExplorer.remove }).click();
  await root.getByRole('button', { name: zh.maskedConvExplorer.remove }).click();
  await expect(root).toHaveAttribute('data-seen', '12');
  // The output pixel by click, then by keyboard: row 2, column 2 of a 5×5 type-A layer sees 5 of 16.
  await root.locator('[data-cell="0"]').click();
  await root.locator('.picker').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(root).toHaveAttribute('data-seen', '5');
  await expect(root.locator('[data-field="summary"]')).toContainText('第 2 行第 2 列的输出，在它之前的 16 个像素中看得到 5 个');
  await expect(root.locator('.picker')).toHaveAttribute('aria-label', /当前在第 2 行第 2 列/);
  await expectNoEnglish(root, en.maskedConvExplorer);
  expect(watched.problems).toEqual([]);
});

test('PixelSampler in Chinese on wasm: a digit takes 784 forward passes, then trains five steps', async ({ page }) => {
  const { root, watched } = await open(page, 'PixelSampler', '?backend=wasm');
  await expect(root).toHaveAttribute('data-backend', 'wasm');
  await expect(root.locator('[data-field="training"]')).toHaveText('第 600 步，即预训练的权重。');
  await root.getByRole('button', { name: zh.pixelSampler.sample }).click();
  await expect(root).toHaveAttribute('data-status', 'sampling');
  await expect.poll(() => count(root, 'position')).toBeGreaterThan(0);
  await root.getByRole('button', { name: zh.pixelSampler.jump }).click();
  await expect(root).toHaveAttribute('data-runs', '1', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-forward-passes', '784');
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expect(root.locator('[data-field="passes"]')).toHaveText('784 / 784 次');
  await expect(root.locator('[data-field="summary"]')).toContainText('已画出 784 / 784 个像素');
  await expect(root.locator('[data-field="time"]')).toContainText('秒，每次');
  await expectNoEnglish(root, [en.pixelSampler, en.common, en.backendBadge]);

  await root.getByRole('button', { name: zh.pixelSampler.train(5) }).click();
  await expect(root).toHaveAttribute('data-step', '605', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expect(root.locator('[data-field="training"]')).toContainText('第 605 步：本页已训练 5 步，最新损失为每像素');
  await expect(root.locator('.line-chart')).toBeVisible();

  // A bad seed is refused in Chinese, and the last good one stays.
  const seed = root.locator('[data-control="seed"]');
  await seed.fill('-3');
  await seed.dispatchEvent('change');
  await expect(root.getByRole('alert')).toHaveText('随机种子必须是 0 到 1,000,000 之间的整数，收到的是「-3」。');
  await expect(seed).toHaveValue('8');
  await expectNoEnglish(root, [en.pixelSampler, en.common, en.backendBadge]);
  expect(watched.problems).toEqual([]);
});

test('CrossEntropyExplorer in Chinese: 99 and 20 cost the same cross-entropy; refusals in Chinese', async ({ page }) => {
  const { root, watched } = await open(page, 'CrossEntropyExplorer');
  await root.getByRole('button', { name: zh.crossEntropyExplorer.predict(99) }).click();
  await expect(root).toHaveAttribute('data-predicted', '99');
  const near = await count(root, 'cross-entropy');
  expect(near).toBeCloseTo(Math.log(2550), 5);
  await root.getByRole('button', { name: zh.crossEntropyExplorer.predict(20) }).click();
  await expect(root).toHaveAttribute('data-predicted', '20');
  expect(await count(root, 'cross-entropy')).toBe(near);
  await expect(root.locator('[data-field="summary"]')).toContainText('与预测其他任何错误值时相同');
  await expect(root.locator('caption')).toHaveText('目标值为 100、置信度为 0.9 时的各项损失');
  const target = root.locator('[data-control="target"]');
  await target.fill('300');
  await target.dispatchEvent('change');
  await expect(root.getByRole('alert')).toHaveText('目标值必须是 0 到 255 之间的整数，收到的是「300」。');
  await expect(root).toHaveAttribute('data-target', '100');
  const confidence = root.locator('[data-control="confidence"]');
  await confidence.fill('');
  await confidence.dispatchEvent('change');
  await expect(root.getByRole('alert')).toHaveText('置信度必须是 0.05 到 0.99 之间的数，但没有输入任何值。');
  await expectNoEnglish(root, en.crossEntropyExplorer);
  expect(watched.problems).toEqual([]);
});

for (const [width, scheme] of [[360, 'dark'], [360, 'light'], [1280, 'light'], [1280, 'dark']] as const) {
  test(`the Chinese chapter's widgets at ${width} px, ${scheme}`, async ({ browser }) => {
    const { context, page, watched } = await openWidgetsAt(browser, `${PATH}?backend=wasm`, { width, scheme }, ['MaskedConvExplorer', 'PixelSampler', 'CrossEntropyExplorer'], 60_000);
    const sampler = page.locator('[data-widget="PixelSampler"]');
    await sampler.locator('[data-action="sample"]').click();
    await expect(sampler).toHaveAttribute('data-runs', '1', { timeout: 90_000 });
    await page.locator('[data-widget="CrossEntropyExplorer"] [data-action="predict-20"]').click();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    for (const [name, file] of [['MaskedConvExplorer', 'masked-conv'], ['PixelSampler', 'pixel-sampler'], ['CrossEntropyExplorer', 'cross-entropy']]) {
      await page.locator(`[data-widget="${name}"]`).screenshot({ path: `${SHOTS}/${file}-${width}-${scheme}.png` });
    }
    expect(watched.problems).toEqual([]);
    await context.close();
  });
}
