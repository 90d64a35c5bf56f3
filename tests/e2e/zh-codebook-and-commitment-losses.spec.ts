import { expect, test, type Locator, type Page } from './test.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { expectNoEnglish } from './no-english.ts';
import { openWidget } from './open-widget.ts';
import { watchPage } from './watch-page.ts';

// Chapter 4 in Chinese: the training lab trains a few steps on the Chinese page, refuses a bad value in
// Chinese, and shows no English string of its own, of the shared charts or of the backend badge. On
// wasm, which SwiftShader's WebGPU would only slow down; the English tests cover WebGPU.
test.describe.configure({ timeout: 240_000 });

const chapter = '/zh/codebook-and-commitment-losses/';
const en = widgetStrings('en');
const tables = [en.trainingLab, en.common, en.backendBadge];
/** Where screenshots go; ZH_SHOTS moves them out of the shared test-results while others run tests. */
const SHOTS = process.env.ZH_SHOTS ?? 'test-results/zh-codebook-and-commitment-losses';

async function openLab(page: Page, query = '?backend=wasm') {
  const { root: lab, watched } = await openWidget(page, chapter + query, 'TrainingLab');
  return { lab, watched };
}

const stepOf = async (lab: Locator) => Number(await lab.getAttribute('data-step'));

test('the lab trains a few steps in Chinese, refuses a bad β in Chinese, and shows no English', async ({ page }) => {
  const { lab, watched } = await openLab(page);
  await expect(lab).toHaveAttribute('data-started-from', 'pretrained');
  await expect(lab).toHaveAttribute('aria-label', '训练实验台：一个在你的浏览器里训练的 VQ-VAE');
  await expect(lab.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-backend', 'wasm');
  await expect(lab.locator('[data-widget="BackendBadge"] [data-field="matmul"]')).toHaveText(/^256×256 矩阵乘法：[\d.,]+ ms（[\d.,]+ GFLOP\/s）$/);
  await expect(lab.locator('[data-field="ghost-label"]')).toContainText('虚线：预训练运行，共 3,000 步，每批 64 张图像，最终留出误差为 0.0045');
  await expect(lab.locator('[data-field="ghost-label"]')).toContainText('按「训练」会从第 3,001 步接着训练，每批 32 张。');
  const pretrainedStep = await stepOf(lab);

  const train = lab.locator('[data-action="train"]');
  await expect(train).toHaveText('训练');
  await train.click();
  await expect(lab).toHaveAttribute('data-status', 'training');
  await expect(train).toHaveText('暂停');
  await expect.poll(() => stepOf(lab), { timeout: 150_000 }).toBeGreaterThanOrEqual(pretrainedStep + 3);
  await train.click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  expect(Number(await lab.getAttribute('data-loss'))).toBeGreaterThan(0);
  await expect(lab.locator('.counters')).toContainText(/^步数 \d+\s+· 每秒 [\d.,]+ 步\s+· [\d,]+ 个参数$/);
  await expect(lab.locator('figure').first().locator('.legend')).toHaveText('重建码本承诺（乘以 β 之前）重建（预训练运行）码本（预训练运行）承诺（乘以 β 之前）（预训练运行）');
  await expect(lab.getByRole('img', { name: /^最近一个批次中每个码字被选中的次数：最近一个批次用到了 64 个码字中的 \d+ 个，死码字 \d+ 个$/ })).toBeVisible();
  await expect(lab.getByRole('img', { name: /^编码器输出和码本向量在前两个主成分上的投影：784 个编码器输出和 64 个码字，其中 \d+ 个是死码字$/ })).toBeVisible();

  // A refused value names the field and its range, in Chinese.
  const beta = lab.getByLabel('β 的精确值');
  await beta.fill('-3');
  await beta.dispatchEvent('change');
  await expect(lab.locator('[data-field="input-problem"]')).toHaveText('β 应为 0 到 5 之间的数，收到的是 -3。');
  const k = lab.locator('[data-control="k"]');
  await k.fill('999');
  await k.dispatchEvent('change');
  await expect(lab.locator('[data-field="input-problem"]')).toHaveText('K 应为 2 到 512 之间的整数，收到的是 999。');

  await expectNoEnglish(lab, tables);
  await lab.screenshot({ path: `${SHOTS}/lab-trained.png` });
  expect(watched.problems).toEqual([]);
});

test('a link the lab cannot follow, and an unknown backend, are explained in Chinese', async ({ page }) => {
  const watched = watchPage(page);
  await page.goto(`${chapter}?backend=cuda&K=9999&restart=maybe`);
  const lab = page.locator('[data-widget="TrainingLab"]');
  await lab.scrollIntoViewIfNeeded();
  const badge = lab.locator('[data-widget="BackendBadge"]');
  await expect(badge).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
  await expect(badge.locator('[data-field="warning"]')).toHaveText('未知的后端“cuda”。可选值为 webgpu、webgl、wasm、cpu；已改为自动选择。');
  await expect(lab.getByRole('alert').filter({ hasText: '链接要求的设置实验台做不到，已忽略：K 应为 2 到 512 之间的整数，收到的是 9999。' })).toBeVisible();
  await expect(lab.getByRole('alert').filter({ hasText: '链接要求的设置实验台做不到，已忽略：restart 应为 on 或 off，收到的是 maybe。' })).toBeVisible();
  await expectNoEnglish(badge, [en.backendBadge, en.common]);
  expect(watched.problems).toEqual([]);
});

for (const [width, scheme] of [
  [360, 'light'],
  [360, 'dark'],
  [1280, 'light'],
  [1280, 'dark'],
] as const) {
  test(`the Chinese lab fits at ${width} px, ${scheme}`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, reducedMotion: 'reduce' });
    const page = await context.newPage();
    const { lab, watched } = await openLab(page);
    // A new K waits for Apply: the new-model note and the Apply button show too.
    await lab.locator('[data-control="k"]').fill('32');
    await lab.locator('[data-control="k"]').dispatchEvent('change');
    await expect(lab.locator('[data-field="pending"]')).toBeVisible();
    await expect(lab.locator('[data-action="apply-shape"]')).toHaveText('应用：换新模型');
    const overflow = await lab.evaluate((root) => {
      const box = root.getBoundingClientRect();
      return [...root.querySelectorAll('button, label, select, input, legend, p, figcaption, span')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.right > box.right + 1 || el.scrollWidth > el.clientWidth + 1) && getComputedStyle(el).overflowX === 'visible' && el.tagName !== 'SPAN';
        })
        .map((el) => `${el.tagName} ${el.textContent?.trim().slice(0, 40)}`);
    });
    expect(overflow).toEqual([]);
    await lab.screenshot({ path: `${SHOTS}/lab-${width}-${scheme}.png` });
    expect(watched.problems).toEqual([]);
    await context.close();
  });
}
