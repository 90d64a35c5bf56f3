import { expect, test, type Page } from './test.ts';
import { watchPage } from './watch-page.ts';

// Chapter 1's widgets: the masked-convolution explorer and the 99-versus-100 loss explorer are pure
// arithmetic; the pixel sampler runs the pretrained pixel PixelCNN in the page's engine.
test.describe.configure({ timeout: 150_000 });

const PATH = '/en/autoregressive-modelling/';
/** Where screenshots go; CH1_SHOTS moves them out of the shared test-results while others run tests. */
const SHOTS = process.env.CH1_SHOTS ?? 'test-results/chapter-1';

async function open(page: Page, widget: string, query = '') {
  const watched = watchPage(page);
  await page.goto(`${PATH}${query}`);
  const root = page.locator(`[data-widget="${widget}"]`);
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  return { root, watched };
}

const count = async (root: ReturnType<Page['locator']>, name: string) => Number(await root.getAttribute(`data-${name}`));

test('MaskedConvExplorer: layers and kernel sizes change the receptive field and its blind spot', async ({ page }) => {
  const { root, watched } = await open(page, 'MaskedConvExplorer');
  // One type-A 3×3 layer: left, up-left, up, up-right.
  await expect(root).toHaveAttribute('data-layers', '1');
  await expect(root).toHaveAttribute('data-seen', '4');
  await expect(root.locator('[data-role="seen"]')).toHaveCount(4);
  const blindOne = await count(root, 'blind');
  expect(blindOne).toBeGreaterThan(0);

  await root.locator('[data-action="add"]').click();
  await expect(root).toHaveAttribute('data-layers', '2');
  await expect(root).toHaveAttribute('data-seen', '11');
  expect(await count(root, 'blind')).toBeGreaterThan(blindOne);
  await root.locator('[data-action="add"]').click();
  await expect(root).toHaveAttribute('data-seen', '21');
  await expect(root.locator('.stack li')).toHaveText(['1: type A, 3×3', '2: type B, 3×3', '3: type B, 3×3']);

  await root.locator('[data-control="kernel"]').selectOption('5');
  await expect(root).toHaveAttribute('data-kernel', '5');
  expect(await count(root, 'seen')).toBeGreaterThan(21);
  await root.locator('[data-action="remove"]').click();
  await root.locator('[data-action="remove"]').click();
  // One 5×5 type-A layer: two full rows of 5 above, two to the left.
  await expect(root).toHaveAttribute('data-seen', '12');

  // Choose another output pixel with a click, then with the keyboard.
  await root.locator('[data-cell="0"]').click();
  await expect(root).toHaveAttribute('data-row', '0');
  await expect(root).toHaveAttribute('data-seen', '0');
  const picker = root.locator('.picker');
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(root).toHaveAttribute('data-row', '1');
  await expect(root).toHaveAttribute('data-column', '1');
  // Row 0, columns 0–3 (the 5×5 reaches two right), and row 1, column 0.
  await expect(root).toHaveAttribute('data-seen', '5');
  await expect(root.locator('[data-field="summary"]')).toContainText('sees 5 of the 16 pixels before it');

  await root.locator('[data-cell="142"]').click();
  await root.locator('[data-control="kernel"]').selectOption('3');
  for (let i = 0; i < 3; i++) await root.locator('[data-action="add"]').click();
  await root.screenshot({ path: `${SHOTS}/masked-conv-explorer.png` });
  expect(watched.problems).toEqual([]);
});

test('CrossEntropyExplorer: 99 and 20 cost the same cross-entropy, not the same distance-aware loss', async ({ page }) => {
  const { root, watched } = await open(page, 'CrossEntropyExplorer');
  const losses = async () => ({ ce: await count(root, 'cross-entropy'), logistic: await count(root, 'logistic'), squared: await count(root, 'squared') });
  await root.locator('[data-action="predict-100"]').click();
  await expect(root).toHaveAttribute('data-predicted', '100');
  const right = await losses();
  expect(right.ce).toBeCloseTo(-Math.log(0.9), 5);
  expect(right.squared).toBe(0);

  await root.locator('[data-action="predict-99"]').click();
  await expect(root).toHaveAttribute('data-predicted', '99');
  const near = await losses();
  expect(near.ce).toBeCloseTo(Math.log(2550), 5);

  await root.locator('[data-action="predict-20"]').click();
  await expect(root).toHaveAttribute('data-predicted', '20');
  const far = await losses();
  expect(far.ce).toBe(near.ce);
  expect(far.logistic).toBeGreaterThan(near.logistic * 10);
  expect(far.squared).toBeGreaterThan(near.squared * 1000);

  // The slider moves the prediction from the keyboard.
  const slider = root.locator('[data-control="predicted-slider"]');
  await slider.focus();
  await page.keyboard.press('ArrowRight');
  await expect(root).toHaveAttribute('data-predicted', '21');
  expect((await losses()).ce).toBe(near.ce);

  // Lower confidence: a wrong answer costs less, a right one more.
  await root.locator('[data-control="confidence"]').fill('0.5');
  await root.locator('[data-control="confidence"]').dispatchEvent('change');
  await expect(root).toHaveAttribute('data-confidence', '0.5');
  expect((await losses()).ce).toBeCloseTo(Math.log(510), 5);

  // Typed values out of range are refused with a reason, and the last good value stays.
  const target = root.locator('[data-control="target"]');
  await target.fill('300');
  await target.dispatchEvent('change');
  await expect(root.getByRole('alert')).toContainText('The target must be a whole number from 0 to 255; got 300.');
  await expect(target).toHaveValue('100');
  await expect(root).toHaveAttribute('data-target', '100');
  await root.locator('[data-control="confidence"]').fill('0.9');
  await root.locator('[data-control="confidence"]').dispatchEvent('change');
  await root.locator('[data-action="predict-99"]').click();
  await root.screenshot({ path: `${SHOTS}/cross-entropy-explorer.png` });
  expect(watched.problems).toEqual([]);
});

test('PixelSampler on wasm: a digit takes 784 forward passes, watched, then shown to the end', async ({ page }) => {
  const { root, watched } = await open(page, 'PixelSampler', '?backend=wasm');
  await expect(root).toHaveAttribute('data-backend', 'wasm');
  const started = Date.now();
  await root.locator('[data-action="sample"]').click();
  await expect(root).toHaveAttribute('data-status', 'sampling');
  // Watched at five rows a second first, so only part of the digit is on screen…
  await expect.poll(() => count(root, 'position')).toBeGreaterThan(0);
  expect(await count(root, 'position')).toBeLessThan(784);
  // …then the rest as soon as the engine has drawn it.
  await root.locator('[data-action="jump"]').click();
  await expect(root).toHaveAttribute('data-runs', '1', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-forward-passes', '784');
  await expect(root).toHaveAttribute('data-position', '784');
  await expect(root).toHaveAttribute('data-status', 'ready');
  const milliseconds = await count(root, 'milliseconds');
  console.log(`PixelSampler on wasm: 784 passes in ${milliseconds} ms (${(milliseconds / 784).toFixed(1)} ms a pass); ${Date.now() - started} ms from the click`);
  await expect(root.locator('[data-field="passes"]')).toHaveText('784 of 784');
  await expect(root.locator('[data-field="summary"]')).toContainText('784 of 784 pixels drawn');
  // The next press draws another digit, from the next seed.
  await expect(root).toHaveAttribute('data-seed', '8');
  await root.screenshot({ path: `${SHOTS}/pixel-sampler-wasm.png` });
  expect(watched.problems).toEqual([]);
});

test('PixelSampler on webgpu: the passes run and are counted, with an estimate of the time to go', async ({ page }) => {
  // SwiftShader makes a pass cost about 0.2 s, so the whole digit (about 2.5 minutes) is left to wasm.
  const { root, watched } = await open(page, 'PixelSampler', '?backend=webgpu');
  await expect(root).toHaveAttribute('data-backend', 'webgpu');
  await root.locator('[data-control="speed"]').selectOption('all');
  await root.locator('[data-action="sample"]').click();
  await expect.poll(() => count(root, 'forward-passes'), { timeout: 60_000 }).toBeGreaterThanOrEqual(30);
  // At full speed every pass is on screen as soon as it is made (both read at one instant).
  const [position, made] = await root.evaluate((element: HTMLElement) => [Number(element.dataset.position), Number(element.dataset.forwardPasses)]);
  expect(position).toBe(made);
  await expect(root.locator('[data-field="remaining"]')).toContainText('at this pace');
  const passes = await count(root, 'forward-passes');
  const milliseconds = await count(root, 'milliseconds');
  console.log(`PixelSampler on webgpu: ${passes} passes in ${milliseconds} ms (${(milliseconds / passes).toFixed(1)} ms a pass)`);
  await root.screenshot({ path: `${SHOTS}/pixel-sampler-webgpu.png` });
  expect(watched.problems).toEqual([]);
});

test('PixelSampler trains a few more steps live on wasm, and a bad seed is refused', async ({ page }) => {
  const { root, watched } = await open(page, 'PixelSampler', '?backend=wasm');
  await expect(root).toHaveAttribute('data-step', '600');
  const started = Date.now();
  await root.locator('[data-action="train"]').click();
  await expect(root).toHaveAttribute('data-step', '605', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-status', 'ready');
  console.log(`PixelSampler: 5 training steps of 16 on wasm in ${Date.now() - started} ms`);
  const loss = await count(root, 'loss');
  // A pretrained pixel model: well under the 1 bit of a coin flip, above 0.
  expect(loss).toBeGreaterThan(0.02);
  expect(loss).toBeLessThan(0.5);
  await expect(root.locator('[data-field="training"]')).toContainText('Step 605: 5 steps trained here');
  await expect(root.locator('.line-chart')).toBeVisible();
  await root.screenshot({ path: `${SHOTS}/pixel-sampler-trained-wasm.png` });

  const seed = root.locator('[data-control="seed"]');
  await seed.fill('-3');
  await seed.dispatchEvent('change');
  await expect(root.getByRole('alert')).toContainText('The seed must be a whole number from 0 to 1,000,000; got -3.');
  await expect(seed).toHaveValue('7');

  await root.locator('[data-action="reset"]').click();
  await expect(root).toHaveAttribute('data-step', '600');
  await expect(root).toHaveAttribute('data-status', 'ready');
  expect(watched.problems).toEqual([]);
});

test('the chapter at 360 px, in dark mode, with every widget in use', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 }, colorScheme: 'dark', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto(`${PATH}?backend=wasm`);
  for (const name of ['MaskedConvExplorer', 'PixelSampler', 'CrossEntropyExplorer']) {
    const root = page.locator(`[data-widget="${name}"]`);
    await root.scrollIntoViewIfNeeded();
    await expect(root).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    const box = (await root.boundingBox())!;
    expect(box.x + box.width, `${name} fits 360 px`).toBeLessThanOrEqual(360);
  }
  const sampler = page.locator('[data-widget="PixelSampler"]');
  // Reduced motion: each pixel shows as soon as it is drawn.
  await expect(sampler).toHaveAttribute('data-speed', 'all');
  await sampler.locator('[data-action="sample"]').click();
  await expect(sampler).toHaveAttribute('data-runs', '1', { timeout: 90_000 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  for (const [name, file] of [['MaskedConvExplorer', 'masked-conv'], ['PixelSampler', 'pixel-sampler'], ['CrossEntropyExplorer', 'cross-entropy']]) {
    await page.locator(`[data-widget="${name}"]`).screenshot({ path: `${SHOTS}/${file}-360-dark.png` });
  }
  expect(watched.problems).toEqual([]);
  await context.close();
});
