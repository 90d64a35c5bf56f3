import { expect, test, type Locator, type Page } from './test.ts';
import { watchPage } from './watch-page.ts';

// Chapter 3's GradientFlow: the toy's gradient with and without the estimator, and two tiny VQ-VAEs
// trained side by side, one of whose encoders receives no gradient at all.
test.describe.configure({ timeout: 300_000 });

async function open(page: Page, query = '') {
  const watched = watchPage(page);
  await page.goto(`/en/straight-through-estimation/${query}`);
  const root = page.locator('[data-widget="GradientFlow"]');
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(root).toHaveAttribute('data-toy-ready', 'true');
  return { root, watched };
}

const numberOf = async (root: Locator, name: string) => Number(await root.getAttribute(`data-${name}`));

test('the toy: the estimator copies the gradient to z, which walks to the target’s code; without it z stays', async ({ page }) => {
  const { root, watched } = await open(page);
  const start = await root.getAttribute('data-toy-code');
  expect(await root.getAttribute('data-toy-gradient')).not.toBe('0.0000,0.0000');
  for (let i = 0; i < 6; i++) await root.locator('[data-action="toy-step"]').click();
  await expect(root).toHaveAttribute('data-toy-steps', '6');
  // The target (0.62, 0.58) lies in code 5's cell.
  await expect(root).toHaveAttribute('data-toy-code', '5');
  expect(start).not.toBe('5');

  await root.locator('[data-action="toy-reset"]').click();
  await root.locator('[data-control="estimator"]').uncheck();
  await expect(root).toHaveAttribute('data-toy-gradient', '0.0000,0.0000');
  for (let i = 0; i < 3; i++) await root.locator('[data-action="toy-step"]').click();
  await expect(root).toHaveAttribute('data-toy-code', start!);
  expect(watched.problems).toEqual([]);
});

test('on WebGPU both models train, and only the estimator’s encoder gets a gradient', async ({ page }) => {
  const { root, watched } = await open(page, '?backend=webgpu');
  await expect(root.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-backend', 'webgpu');
  await root.locator('[data-action="train"]').click();
  await expect.poll(() => numberOf(root, 'stopped-step'), { timeout: 240_000 }).toBeGreaterThanOrEqual(1);
  await expect.poll(() => numberOf(root, 'ste-step'), { timeout: 240_000 }).toBeGreaterThanOrEqual(1);
  expect(await numberOf(root, 'stopped-encoder-gradient')).toBe(0);
  expect(await numberOf(root, 'ste-encoder-gradient')).toBeGreaterThan(0);
  await root.locator('[data-action="train"]').click();
  await expect(root).toHaveAttribute('data-status', 'ready');
  await root.screenshot({ path: 'test-results/gradient-flow/webgpu.png' });
  expect(watched.problems).toEqual([]);
});

test('on wasm, after 60 steps the model without the estimator reconstructs worse, its encoder untouched', async ({ page }) => {
  const { root, watched } = await open(page, '?backend=wasm');
  await root.locator('[data-action="train"]').click();
  await expect.poll(() => numberOf(root, 'stopped-step'), { timeout: 240_000 }).toBeGreaterThanOrEqual(60);
  await root.locator('[data-action="train"]').click();
  await expect(root).toHaveAttribute('data-status', 'ready');
  expect(await numberOf(root, 'stopped-encoder-gradient')).toBe(0);
  expect(await numberOf(root, 'ste-loss')).toBeLessThan(await numberOf(root, 'stopped-loss'));
  await root.screenshot({ path: 'test-results/gradient-flow/wasm.png' });
  expect(watched.problems).toEqual([]);
});
