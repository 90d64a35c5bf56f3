import { expect, test, type Page } from './test.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { expectNoEnglish } from './no-english.ts';
import { openWidget, openWidgetsAt } from './open-widget.ts';

// Chapter 2 in Chinese: the QuantizationPlayground's outputs snap to codes and K changes, EncodeDecode
// starts from a picked test digit and re-decodes an edited cell, LatentSpaces trains; each says
// everything in Chinese. On wasm, which SwiftShader's WebGPU would only slow down; the English tests
// cover WebGPU. The selectors are the English chapter's (tests/e2e/chapter-2-widgets.spec.ts).
test.describe.configure({ timeout: 300_000 });

const chapter = '/zh/autoencoders-to-vq-vae/';
const en = widgetStrings('en');
/** Where screenshots go; ZH_SHOTS moves them out of the shared test-results while others run tests. */
const SHOTS = process.env.ZH_SHOTS ?? 'test-results/zh-autoencoders-to-vq-vae';

const open = (page: Page, widget: string, query = '?backend=wasm') => openWidget(page, chapter + query, widget);

test('QuantizationPlayground in Chinese: a dragged output snaps to another code; K changes, and a bad K is refused in Chinese', async ({ page }) => {
  const { root, watched } = await open(page, 'QuantizationPlayground', '');
  await expect(root.getByLabel('码本大小 K')).toBeVisible();
  const svg = root.locator('svg');
  const box = (await svg.boundingBox())!;
  const output = root.locator('[data-output="0"]');
  await expect(output).toHaveAttribute('aria-roledescription', '可移动的点');
  const assignments: string[] = [];
  for (const [fx, fy] of [[0.03, 0.03], [0.97, 0.97]]) {
    const at = (await output.boundingBox())!;
    await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 6 });
    await page.mouse.up();
    assignments.push((await root.getAttribute('data-assignments'))!.split(',')[0]);
  }
  expect(assignments[0]).not.toBe(assignments[1]);
  await expect(output).toHaveAttribute('aria-label', new RegExp(`^编码器输出 1，位于 \\(-?[\\d.]+, -?[\\d.]+\\)，最近的码字是 ${assignments[1]}。可用方向键移动。$`));

  const k = root.locator('[data-control="k"]');
  await k.fill('20');
  await k.press('Enter');
  await expect(root).toHaveAttribute('data-codes', '20');
  await k.fill('1e9');
  await k.press('Enter');
  await expect(root.getByRole('alert')).toHaveText('K 必须是 2 到 64 之间的整数；仍保持为 20。');
  await expect(root).toHaveAttribute('data-k', '20');
  await expectNoEnglish(root, [en.quantizationPlayground, en.common]);
  await root.screenshot({ path: `${SHOTS}/quantization-playground.png` });
  expect(watched.problems).toEqual([]);
});

test('EncodeDecode in Chinese: a picked test digit is encoded to 49 codes, and an edited cell re-decodes', async ({ page }) => {
  const { root, watched } = await open(page, 'EncodeDecode');
  await expect(root).toHaveAttribute('data-source', 'test-image');
  const first = await root.getAttribute('data-codes');
  expect(first!.split(',')).toHaveLength(49);

  await root.locator('[data-test-image="3"]').click();
  await expect(root).not.toHaveAttribute('data-codes', first!);
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expect(root.getByRole('img', { name: '根据码字网格解码出的图像' })).toBeVisible();

  await root.locator('[data-cell="24"]').click();
  await expect(root).toHaveAttribute('data-selected', '24');
  const held = Number(await root.locator('[data-cell="24"]').getAttribute('data-code'));
  const choice = held === 5 ? 6 : 5;
  await root.locator(`[data-pick="${choice}"]`).click();
  await expect(root).toHaveAttribute('data-edits', '1');
  await expect(root.getByRole('img', { name: '根据码字网格解码出的图像，其中 1 个格子已改动' })).toBeVisible();
  await expect(root.getByRole('button', { name: '撤销改动' })).toBeVisible();
  await expectNoEnglish(root, [en.encodeDecode, en.common]);
  await root.screenshot({ path: `${SHOTS}/encode-decode.png` });
  await root.locator('[data-action="undo"]').click();
  await expect(root).toHaveAttribute('data-edits', '0');
  expect(watched.problems).toEqual([]);
});

test('LatentSpaces in Chinese: the pretrained AE and VAE draw 600 digits, a click decodes, and training advances', async ({ page }) => {
  const { root, watched } = await open(page, 'LatentSpaces');
  await expect(root).toHaveAttribute('data-started-from', 'pretrained');
  await expect(root).toHaveAttribute('data-points', '600');
  await expect(root.locator('[data-panel="vae"] h3')).toHaveText('变分自编码器');
  const plot = root.locator('[data-panel="vae"] svg');
  const box = (await plot.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(root).not.toHaveAttribute('data-probe', '');
  await expect(root.locator('[data-panel="vae"]').getByRole('img', { name: /^在 \(-?[\d.]+, -?[\d.]+\) 处解码出的数字$/ })).toBeVisible();
  await expectNoEnglish(root, [en.latentSpaces, en.common, en.backendBadge]);

  const start = Number(await root.getAttribute('data-ae-step'));
  await root.getByRole('button', { name: '同时训练' }).click();
  await expect(root).toHaveAttribute('data-status', 'training');
  await expect.poll(async () => Number(await root.getAttribute('data-ae-step')), { timeout: 150_000 }).toBeGreaterThanOrEqual(start + 5);
  await expect(root.locator('[data-panel="vae"] .counters')).toContainText(/^第 [\d,]+ 步 · 损失 [\d.]+ 奈特，其中 KL 项 [\d.]+$/);
  await root.getByRole('button', { name: '暂停' }).click();
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expectNoEnglish(root, [en.latentSpaces, en.common, en.backendBadge]);
  await root.screenshot({ path: `${SHOTS}/latent-spaces.png` });
  expect(watched.problems).toEqual([]);
});

for (const [width, scheme] of [[360, 'dark'], [360, 'light'], [1280, 'dark']] as const) {
  test(`at ${width} px in ${scheme} mode, the Chinese widgets fit`, async ({ browser }) => {
    const { context, page, watched } = await openWidgetsAt(browser, `${chapter}?backend=wasm`, { width, scheme }, ['LatentSpaces', 'QuantizationPlayground', 'EncodeDecode']);
    const spaces = page.locator('[data-widget="LatentSpaces"]');
    await spaces.locator('[data-panel="ae"] svg').scrollIntoViewIfNeeded();
    const plot = (await spaces.locator('[data-panel="ae"] svg').boundingBox())!;
    await page.mouse.click(plot.x + plot.width / 2, plot.y + plot.height / 2);
    await expect(spaces).not.toHaveAttribute('data-probe', '');
    const encoder = page.locator('[data-widget="EncodeDecode"]');
    await encoder.locator('[data-cell="24"]').click();
    await expect(encoder).toHaveAttribute('data-selected', '24');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    for (const [name, file] of [['LatentSpaces', 'latent-spaces'], ['QuantizationPlayground', 'quantization-playground'], ['EncodeDecode', 'encode-decode']]) {
      await page.locator(`[data-widget="${name}"]`).screenshot({ path: `${SHOTS}/${file}-${width}-${scheme}.png` });
    }
    expect(watched.problems).toEqual([]);
    await context.close();
  });
}
