import { expect, test, type Locator, type Page } from './test.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { expectNoEnglish } from './no-english.ts';
import { openWidget } from './open-widget.ts';
import { watchPage } from './watch-page.ts';

// Chapter 6 in Chinese: ResidualStages' slider walks the stages, HierarchyView's top grid is edited and
// a level swapped, VariantArena trains three variants a few steps and redraws their geometry panels;
// each says everything in Chinese. On wasm, which SwiftShader's WebGPU would only slow down; the English
// tests cover WebGPU. The selectors are the English chapter's (tests/e2e/chapter-6-widgets.spec.ts).
test.describe.configure({ timeout: 300_000 });

const chapter = '/zh/beyond-vq-vae/';
const en = widgetStrings('en');
/** Where screenshots go; ZH_SHOTS moves them out of the shared test-results while others run tests. */
const SHOTS = process.env.ZH_SHOTS ?? 'test-results/zh-beyond-vq-vae';

const open = (page: Page, widget: string, query = '?backend=wasm') => openWidget(page, chapter + query, widget);

const number = async (root: Locator, attribute: string) => Number(await root.getAttribute(attribute));

test('ResidualStages in Chinese: the slider adds stages and the error falls, said in Chinese', async ({ page }) => {
  const { root, watched } = await open(page, 'ResidualStages');
  await expect(root).toHaveAttribute('data-stages', '4');
  await expect(root.getByText('解码器看到的级数')).toBeVisible();
  const slider = root.locator('[data-control="stages"]');
  await expect(slider).toHaveAttribute('aria-valuetext', '4 级中的前 1 级');
  const errors = [await number(root, 'data-error')];
  await slider.focus();
  for (let s = 2; s <= 4; s++) {
    await page.keyboard.press('ArrowRight');
    await expect(root).toHaveAttribute('data-stage', String(s));
    await expect(root.locator('[data-field="stages"]')).toHaveText(`${s} / 4`);
    errors.push(await number(root, 'data-error'));
  }
  for (let s = 1; s < errors.length; s++) expect(errors[s]).toBeLessThan(errors[s - 1]);
  await expect(slider).toHaveAttribute('aria-valuetext', '4 级中的前 4 级');
  await expect(root.locator('[data-field="summary"]')).toContainText('用 4 级中的前 4 级时，这个数字的重建误差是');
  await expect(root.locator('[data-stage-button="2"]')).toHaveAttribute('aria-label', /^2：\d\.\d{4}，即用前 2 级时的误差$/);
  await root.locator('[data-test-image="3"]').click();
  await expect(root).toHaveAttribute('data-image', '3');
  await expectNoEnglish(root, [en.residualStages, en.common]);
  await root.screenshot({ path: `${SHOTS}/residual-stages.png` });
  expect(watched.problems).toEqual([]);
});

test('HierarchyView in Chinese: a new top code changes the digit, a swapped bottom changes it more, said in Chinese', async ({ page }) => {
  const { root, watched } = await open(page, 'HierarchyView');
  await expect(root.getByRole('heading', { name: '顶层：3×3 个码字' })).toBeVisible();
  await expect(root.locator('[data-field="change"]')).toHaveText('还没有修改：修改后的图像就是普通的重建。');
  const topBefore = (await root.getAttribute('data-top'))!.split(',');
  const bottomBefore = await root.getAttribute('data-bottom');
  await root.locator('.top-grid [data-cell="4"]').click();
  await expect(root).toHaveAttribute('data-selected', '4');
  await expect(root.locator('[data-pick]')).toHaveCount(64, { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expect(root.getByRole('heading', { name: '为选中的格子挑选顶层码字' })).toBeVisible();
  const replacement = (Number(topBefore[4]) + 17) % 64;
  await root.locator(`[data-pick="${replacement}"]`).click();
  await expect(root).toHaveAttribute('data-edits', '1');
  await expect(root).toHaveAttribute('data-status', 'ready');
  expect(await root.getAttribute('data-bottom')).toBe(bottomBefore);
  expect(await number(root, 'data-change')).toBeGreaterThan(0.001);
  await expect(root.locator('[data-field="change"]')).toContainText('9 个顶层码字中有 1 个、49 个底层码字中有 0 个与编码器给出的不同');
  await expect(root.locator('.palette [aria-live]')).toContainText(`顶层第 2 行第 2 列现在是码字 ${replacement}（编码器选的是 ${topBefore[4]}）`);
  await expectNoEnglish(root, [en.hierarchyView, en.common]);
  await root.screenshot({ path: `${SHOTS}/hierarchy-edited.png` });

  await root.getByRole('button', { name: '撤销改动' }).click();
  await expect(root).toHaveAttribute('data-edits', '0');
  await root.locator('[data-control="other"]').selectOption('1');
  await root.getByRole('button', { name: '换用它的底层网格' }).click();
  await expect.poll(() => number(root, 'data-bottom-edits')).toBeGreaterThan(0);
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expect(root.locator('[data-control="other"] option').first()).toHaveText(/^第 \d 张测试图像：\d$/);
  await expectNoEnglish(root, [en.hierarchyView, en.common]);
  expect(watched.problems).toEqual([]);
});

test('VariantArena in Chinese: refusals, three variants trained three steps, and their geometry panels, in Chinese', async ({ page }) => {
  // A link with an unknown variant is refused, in Chinese, and the arena keeps its first selection.
  const { root, watched } = await open(page, 'VariantArena', '?backend=wasm&variants=plain,vqgan');
  await expect(root.getByRole('alert').filter({ hasText: '链接里指定的变体没有采用：未知的变体：vqgan。' })).toBeVisible();
  await expect(root).toHaveAttribute('data-variants', 'plain,cosine,fsq');
  await expect(root.locator('label.variant').filter({ has: page.locator('[data-variant="rotation"]') })).toContainText('旋转技巧');

  await root.locator('[data-variant="ema"]').check();
  await root.locator('[data-variant="simvq"]').check();
  await expect(root.locator('[data-field="selection-problem"]')).toHaveText('最多挑选 4 个变体：它们都在同一个共享的引擎上训练。');
  await root.locator('[data-variant="ema"]').uncheck();
  await root.locator('[data-variant="simvq"]').uncheck();
  await expect(root.locator('[data-field="selection-problem"]')).toHaveCount(0);
  await expect(root).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });

  const steps = root.locator('[data-control="steps"]');
  await steps.fill('0');
  await expect(root.locator('[data-field="steps-problem"]')).toHaveText('步数应为 1 到 2000 之间的整数，收到的是 0。');
  await steps.fill('3');
  await expect(root.locator('[data-field="steps-problem"]')).toHaveCount(0);
  for (const id of ['plain', 'cosine', 'fsq']) await expect(root.locator(`[data-geometry="${id}"]`)).toHaveAttribute('data-snapshot-step', '0', { timeout: 60_000 });
  await expectNoEnglish(root, [en.variantArena, en.common, en.backendBadge]);

  await root.getByRole('button', { name: '全部训练' }).click();
  await expect(root).toHaveAttribute('data-steps', '3,3,3', { timeout: 180_000 });
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expect(root.getByRole('button', { name: '再训练 3 步' })).toBeVisible();
  await expect(root.locator('[data-field="summary"]')).toContainText('余弦查找：训练 3 步后，困惑度');
  await expect(root.locator('tr[data-row="fsq"] th')).toHaveText('FSQ 8×8');
  for (const id of ['plain', 'cosine', 'fsq']) {
    const panel = root.locator(`[data-geometry="${id}"]`);
    await expect(panel).toHaveAttribute('data-snapshot-step', '3', { timeout: 60_000 });
    await expect(panel).toHaveAttribute('data-outputs-drawn', '784');
    await expect(panel.locator('svg[role="img"]')).toHaveAttribute('aria-label', /，第 3 步：/);
    await expect(panel.locator('.panel-note')).toContainText('第 3 步');
  }
  await expect(root.locator('[data-geometry="fsq"] svg[role="img"]')).toHaveAttribute('aria-label', /^FSQ：它的 8×8 网格，就在它自己的 2 个维度里，第 3 步：/);
  await expect(root.locator('[data-geometry="cosine"]')).toContainText('这是 8 维单位球面的投影');
  await expect(root.locator('[data-geometry="plain"] .panel-title')).toHaveText('普通 VQ：码字，投影到 2 个主成分上');

  // Each chart the arena offers is named in Chinese.
  const metric = root.locator('[data-control="metric"]');
  await expect(metric.locator('option')).toHaveText(['困惑度（在用的码字数，共 64 个）', '死码字（100 步未被选中）', '重建 MSE']);
  await metric.selectOption('reconstruction');
  await expect(root.getByRole('img', { name: '各变体的重建 MSE 随训练步的变化' })).toBeVisible();
  await expectNoEnglish(root, [en.variantArena, en.common, en.backendBadge]);
  await root.screenshot({ path: `${SHOTS}/variant-arena.png` });
  expect(watched.problems).toEqual([]);
});

test('at 360 px in dark mode, every chapter 6 widget fits in Chinese', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 780 }, colorScheme: 'dark', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto(`${chapter}?backend=wasm&variants=ema,lowdim`);
  for (const widget of ['ResidualStages', 'HierarchyView', 'VariantArena']) {
    const root = page.locator(`[data-widget="${widget}"]`);
    await root.scrollIntoViewIfNeeded();
    await expect(root).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
    if (widget === 'HierarchyView') {
      await root.locator('.top-grid [data-cell="1"]').click();
      await expect(root.locator('[data-pick]')).toHaveCount(64, { timeout: 60_000 });
    }
    if (widget === 'VariantArena') {
      await root.locator('[data-control="steps"]').fill('2');
      await root.locator('[data-action="train"]').click();
      await expect(root).toHaveAttribute('data-steps', '2,2', { timeout: 180_000 });
      await expect(root).toHaveAttribute('data-status', 'ready');
      for (const id of ['ema', 'lowdim']) await expect(root.locator(`[data-geometry="${id}"]`)).toHaveAttribute('data-snapshot-step', '2', { timeout: 60_000 });
    }
    // Nothing may stick out sideways at 360 px.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${widget} makes the page scroll sideways`).toBeLessThanOrEqual(0);
    await root.screenshot({ path: `${SHOTS}/${widget}-360-dark.png` });
  }
  expect(watched.problems).toEqual([]);
  await context.close();
});
