import { expect, test, type Locator, type Page } from './test.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { expectNoEnglish } from './no-english.ts';
import { openWidget, openWidgetsAt } from './open-widget.ts';

// Chapter 5 in Chinese: the SamplingTheatre samples, the PriorLab trains a few steps, the CodeGridEditor
// resamples from a cell; each says everything in Chinese. On wasm, which SwiftShader's WebGPU would
// only slow down; the English tests cover WebGPU.
test.describe.configure({ timeout: 240_000 });

const chapter = '/zh/prior-and-sampling/';
const en = widgetStrings('en');
/** Where screenshots go; ZH_SHOTS moves them out of the shared test-results while others run tests. */
const SHOTS = process.env.ZH_SHOTS ?? 'test-results/zh-prior-and-sampling';

const open = (page: Page, widget: string) => openWidget(page, `${chapter}?backend=wasm`, widget);

const number = async (root: Locator, attribute: string) => Number(await root.getAttribute(attribute));

test('SamplingTheatre in Chinese: samples a grid and sixteen, notes the argmax and refuses a bad temperature in Chinese', async ({ page }) => {
  const { root, watched } = await open(page, 'SamplingTheatre');
  await expect(root.getByRole('button', { name: '采样一个网格' })).toBeVisible();
  await root.locator('[data-action="sample"]').click();
  await expect(root).toHaveAttribute('data-runs', '1', { timeout: 120_000 });
  await expect(root).toHaveAttribute('data-passes', '49');
  await root.locator('[data-action="jump"]').click();
  await expect(root).toHaveAttribute('data-position', '49');
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expect(root.locator('.counters').first()).toContainText('已抽取 49 / 49 个位置');
  await expect(root.locator('ol.ranked')).toHaveAttribute('aria-label', '第 7 行第 7 列最可能的码字');

  await root.locator('[data-action="batch"]').click();
  await expect(root).toHaveAttribute('data-batch', '16', { timeout: 120_000 });
  await expect(root.getByRole('img', { name: /^从先验采样并解码的 16 个数字，温度 1，随机种子 1$/ })).toBeVisible();
  await expectNoEnglish(root, [en.samplingTheatre, en.common]);
  await root.screenshot({ path: `${SHOTS}/sampling-theatre.png` });

  // Temperature 0 is the argmax: the model module's English note is said in Chinese (data-note keeps the English).
  const temperature = root.locator('[data-control="temperature"]');
  await temperature.fill('0');
  await temperature.dispatchEvent('change');
  await root.locator('[data-action="sample"]').click();
  await expect(root).toHaveAttribute('data-runs', '2', { timeout: 120_000 });
  await expect(root.locator('[data-field="note"]')).toHaveText('温度 0 ≤ 0：每个位置都取了最可能的码字（argmax）');
  await expect(root).toHaveAttribute('data-note', /argmax/);
  await root.locator('[data-action="jump"]').click();
  await expect(root).toHaveAttribute('data-status', 'ready');

  await temperature.fill('12');
  await temperature.dispatchEvent('change');
  await expect(root.getByRole('alert')).toContainText('温度必须是不大于 5 的数');
  await expect(temperature).toHaveValue('0');
  await expectNoEnglish(root, [en.samplingTheatre, en.common]);
  expect(watched.problems).toEqual([]);
});

test('PriorLab in Chinese: trains a few steps from the pretrained prior and reports held-out bits in Chinese', async ({ page }) => {
  const { root, watched } = await open(page, 'PriorLab');
  await expect(root).toHaveAttribute('data-started-from', 'pretrained');
  await expect(root).toHaveAttribute('aria-label', '先验实验台：一个 PixelCNN 先验学习 VQ-VAE 的码字');
  await expect(root.getByRole('button', { name: '从头训练先验' })).toBeVisible();
  await expect(root.locator('.legend')).toContainText('留出码字');
  await expectNoEnglish(root, [en.priorLab, en.common, en.backendBadge]);

  const start = await number(root, 'data-step');
  await root.getByRole('button', { name: '训练', exact: true }).click();
  await expect(root).toHaveAttribute('data-status', 'training');
  await expect(root.locator('[data-field="preparing"]')).toHaveText('正在把训练图像编码成码字网格，之后开始第一步……');
  await expect.poll(() => number(root, 'data-step'), { timeout: 150_000 }).toBeGreaterThanOrEqual(start + 5);
  await expect(root.getByRole('button', { name: '暂停' })).toBeVisible();
  await expectNoEnglish(root, [en.priorLab, en.common, en.backendBadge]);
  await root.locator('[data-action="train"]').click();
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expect(root.locator('[data-field="summary"]')).toContainText(/^第 [\d,]+ 步：先验为留出数字的码字每个隐变量花 [\d.]+ 比特；不看上下文则要 [\d.]+ 比特。$/);
  await expect(root.locator('[data-field="step"]')).toHaveText((await number(root, 'data-step')).toLocaleString('zh-CN'));
  await expectNoEnglish(root, [en.priorLab, en.common, en.backendBadge]);
  await root.screenshot({ path: `${SHOTS}/prior-lab.png` });
  expect(watched.problems).toEqual([]);
});

test('CodeGridEditor in Chinese: resampling from a cell keeps the cells before it, and says so in Chinese', async ({ page }) => {
  const { root, watched } = await open(page, 'CodeGridEditor');
  await expect(root.locator('[data-field="note"]')).toHaveText('第 1 个测试数字的码字。');
  await expect(root.locator('[data-test-image="0"]')).toHaveAttribute('aria-label', /^从它的码字开始：第 1 张测试图像（\d）$/);
  const before = (await root.getAttribute('data-codes'))!.split(',');
  expect(before).toHaveLength(49);

  await root.locator('[data-cell="40"]').click();
  await expect(root).toHaveAttribute('data-selected', '40');
  await expect(root.locator('.resample .note')).toHaveText('保留这一格之前的 40 个格子，其余由先验抽取');
  await root.getByRole('button', { name: '从这里重新采样' }).click();
  await expect(root).toHaveAttribute('data-resamples', '1', { timeout: 120_000 });
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expect(root).toHaveAttribute('data-kept', '40');
  const after = (await root.getAttribute('data-codes'))!.split(',');
  expect(after.slice(0, 40)).toEqual(before.slice(0, 40));
  await expect(root.locator('[data-field="note"]')).toContainText(/^保留了前 40 个格子；先验抽取了其余 9 个，其中 \d 个有变化。$/);
  await expect(root.locator('[data-field="bits"]')).toContainText(/^先验给这个网格的代价是每个隐变量 [\d.]+ 比特（共 [\d,]+ 比特）。$/);
  await expectNoEnglish(root, [en.codeGridEditor, en.common]);
  await root.screenshot({ path: `${SHOTS}/code-grid-editor.png` });
  expect(watched.problems).toEqual([]);
});

for (const [width, scheme] of [[360, 'dark'], [360, 'light'], [1280, 'dark']] as const) {
  test(`at ${width} px in ${scheme} mode, the Chinese widgets fit`, async ({ browser }) => {
    const { context, page, watched } = await openWidgetsAt(browser, `${chapter}?backend=wasm`, { width, scheme }, ['PriorLab', 'SamplingTheatre', 'CodeGridEditor']);
    const theatre = page.locator('[data-widget="SamplingTheatre"]');
    await theatre.locator('[data-action="sample"]').click();
    await expect(theatre).toHaveAttribute('data-runs', '1', { timeout: 120_000 });
    await theatre.locator('[data-action="jump"]').click();
    await expect(theatre).toHaveAttribute('data-position', '49');
    await theatre.locator('[data-action="batch"]').click();
    await expect(theatre).toHaveAttribute('data-batch', '16', { timeout: 120_000 });
    const editor = page.locator('[data-widget="CodeGridEditor"]');
    await editor.locator('[data-cell="24"]').click();
    await expect(editor.locator('.resample')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    for (const [name, file] of [['PriorLab', 'prior-lab'], ['SamplingTheatre', 'sampling-theatre'], ['CodeGridEditor', 'code-grid-editor']]) {
      await page.locator(`[data-widget="${name}"]`).screenshot({ path: `${SHOTS}/${file}-${width}-${scheme}.png` });
    }
    expect(watched.problems).toEqual([]);
    await context.close();
  });
}
