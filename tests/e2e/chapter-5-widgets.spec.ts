import { expect, test, type Locator, type Page } from './test.ts';
import { watchPage } from './watch-page.ts';

// Chapter 5's PriorLab (the prior training live on the tiny VQ-VAE's codes) and CodeGridEditor (edit a
// grid, or keep its start and let the prior draw the rest). SwiftShader's WebGPU is slow, so the
// WebGPU runs take only a step or a short resample.
test.describe.configure({ timeout: 240_000 });

async function open(page: Page, widget: string, query = '') {
  const watched = watchPage(page);
  await page.goto(`/en/prior-and-sampling/${query}`);
  const root = page.locator(`[data-widget="${widget}"]`);
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
  return { root, watched };
}

const number = async (root: Locator, attribute: string) => Number(await root.getAttribute(attribute));

test('PriorLab on wasm: a prior from scratch falls below the unigram baseline on held-out codes; the dataset can change', async ({ page }) => {
  const { root, watched } = await open(page, 'PriorLab', '?backend=wasm');
  await expect(root).toHaveAttribute('data-started-from', 'pretrained');
  const unigram = await number(root, 'data-unigram-bits');
  // The pretrained prior already beats the baseline by a wide margin (1.78 against 4.36 bits on all 1,000 test digits).
  expect(await number(root, 'data-held-out-bits')).toBeLessThan(unigram - 1.5);

  await root.locator('[data-action="scratch"]').click();
  await expect(root).toHaveAttribute('data-started-from', 'scratch');
  await expect(root).toHaveAttribute('data-status', 'ready');
  const fresh = await number(root, 'data-held-out-bits');
  expect(fresh).toBeGreaterThan(unigram);

  await root.locator('[data-action="train"]').click();
  await expect.poll(() => number(root, 'data-step'), { timeout: 120_000 }).toBeGreaterThanOrEqual(60);
  await root.locator('[data-action="train"]').click();
  await expect(root).toHaveAttribute('data-status', 'ready');
  await expect.poll(() => number(root, 'data-held-out-bits')).toBeLessThan(unigram);
  await expect(root.locator('[data-field="summary"]')).toContainText('bits per latent');
  await root.screenshot({ path: 'test-results/chapter-5/prior-lab-wasm.png' });

  await root.locator('[data-control="dataset"]').selectOption('fashion-mnist');
  await expect(root).toHaveAttribute('data-dataset', 'fashion-mnist', { timeout: 60_000 });
  await expect(root).toHaveAttribute('data-started-from', 'pretrained');
  await expect(root).toHaveAttribute('data-status', 'ready');
  expect(await number(root, 'data-held-out-bits')).toBeLessThan(await number(root, 'data-unigram-bits'));
  // The run on MNIST stays on the chart as a ghost.
  expect(await number(root, 'data-ghost')).toBeGreaterThan(1);
  expect(watched.problems).toEqual([]);
});

test('PriorLab on WebGPU: scores held-out codes, and starts training by encoding the training set', async ({ page }) => {
  // SwiftShader needs minutes to encode the 9,000 training digits before the first step (a real GPU,
  // well under a second), so training itself is driven on wasm above; here the prior loads, scores
  // the held-out codes on the GPU, and a training job starts and pauses cleanly.
  const { root, watched } = await open(page, 'PriorLab', '?backend=webgpu');
  await expect(root.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-backend', 'webgpu');
  expect(await number(root, 'data-held-out-bits')).toBeLessThan(await number(root, 'data-unigram-bits'));
  await root.locator('[data-action="train"]').click();
  await expect(root).toHaveAttribute('data-status', 'training');
  await expect(root.locator('[data-field="preparing"]')).toBeVisible();
  await root.locator('[data-action="train"]').click();
  await expect(root).toHaveAttribute('data-status', 'ready', { timeout: 200_000 });
  await expect(root.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-backend', 'webgpu');
  await root.screenshot({ path: 'test-results/chapter-5/prior-lab-webgpu.png' });
  expect(watched.problems).toEqual([]);
});

for (const backend of ['webgpu', 'wasm']) {
  test(`CodeGridEditor on ${backend}: resampling from a cell keeps the cells before it; an edited cell re-decodes`, async ({ page }) => {
    const { root, watched } = await open(page, 'CodeGridEditor', `?backend=${backend}`);
    await expect(root).toHaveAttribute('data-backend', backend);
    const before = (await root.getAttribute('data-codes'))!.split(',');
    expect(before).toHaveLength(49);

    // Keep the first 40 cells, so WebGPU draws only 9 positions.
    await root.locator('[data-cell="40"]').click();
    await root.locator('[data-action="resample"]').click();
    await expect(root).toHaveAttribute('data-resamples', '1');
    await expect(root).toHaveAttribute('data-status', 'ready');
    await expect(root).toHaveAttribute('data-kept', '40');
    const after = (await root.getAttribute('data-codes'))!.split(',');
    expect(after.slice(0, 40)).toEqual(before.slice(0, 40));
    await expect(root.locator('[data-field="note"]')).toContainText('Kept the first 40 cells');

    // Give the centre cell another code: the image re-decodes and the prior re-scores the grid.
    const bits = await number(root, 'data-bits');
    await root.locator('[data-cell="24"]').click();
    const current = await root.locator('[data-cell="24"]').getAttribute('data-code');
    const rare = (await root.locator('[data-pick]').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-pick')!))).find((code) => code !== current)!;
    await root.locator(`[data-pick="${rare}"]`).click();
    await expect(root).toHaveAttribute('data-edits', '1');
    await expect(root.locator('[data-cell="24"]')).toHaveAttribute('data-code', rare);
    await expect.poll(() => number(root, 'data-bits')).not.toBe(bits);
    await root.screenshot({ path: `test-results/chapter-5/code-grid-editor-${backend}.png` });
    expect(watched.problems).toEqual([]);
  });
}
