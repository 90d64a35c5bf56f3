import { expect, test, type Page } from './test.ts';
import { watchPage } from './watch-page.ts';

// Chapter 2's three widgets, driven as a reader would: drag codebook points, draw and edit a digit,
// probe and train the 2-D latent spaces. SwiftShader's WebGPU is slow, so training asks for few steps.
test.describe.configure({ timeout: 300_000 });

const chapter = '/en/autoencoders-to-vq-vae/';

async function open(page: Page, widget: string, query = '') {
  const watched = watchPage(page);
  await page.goto(chapter + query);
  const root = page.locator(`[data-widget="${widget}"]`);
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  return { root, watched };
}

test('QuantizationPlayground: a dragged output snaps to the code of the cell it lands in; K changes, and a bad K is refused', async ({ page }) => {
  const { root, watched } = await open(page, 'QuantizationPlayground');
  const svg = root.locator('svg');
  const box = (await svg.boundingBox())!;
  // Drag output 0 to each corner of the plane: the corners lie in different cells for this codebook.
  const output = root.locator('[data-output="0"]');
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

  // The keyboard moves a focused output too.
  await output.focus();
  const before = await output.getAttribute('aria-label');
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowUp');
  expect(await output.getAttribute('aria-label')).not.toBe(before);

  const k = root.locator('[data-control="k"]');
  await k.fill('20');
  await k.press('Enter');
  await expect(root).toHaveAttribute('data-codes', '20');
  await expect(root.locator('.codes rect')).toHaveCount(20);
  await k.fill('1e9');
  await k.press('Enter');
  await expect(root.getByRole('alert')).toContainText('K must be a whole number from 2 to 64; it stays 20');
  await expect(root).toHaveAttribute('data-k', '20');
  await root.screenshot({ path: 'test-results/chapter-2/quantization-playground.png' });
  expect(watched.problems).toEqual([]);
});

for (const backend of ['webgpu', 'wasm']) {
  test(`EncodeDecode on ${backend}: a drawn digit is encoded to 49 codes, and an edited cell re-decodes`, async ({ page }) => {
    const { root, watched } = await open(page, 'EncodeDecode', `?backend=${backend}`);
    await expect(root).toHaveAttribute('data-backend', backend);
    const fromTestImage = await root.getAttribute('data-codes');
    expect(fromTestImage!.split(',')).toHaveLength(49);

    // Draw a vertical stroke, a "1", with the mouse.
    const pad = root.locator('canvas[aria-label^="Drawing area"]');
    const box = (await pad.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.12);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + box.width * (0.52 - 0.015 * i), box.y + box.height * (0.12 + 0.065 * i));
    await page.mouse.up();
    await expect(root).toHaveAttribute('data-source', 'drawing');
    await expect(root).not.toHaveAttribute('data-codes', fromTestImage!);
    const output = root.getByRole('img', { name: /^The image decoded from the code grid/ });
    const decodedBefore = await output.screenshot();

    // Edit the centre cell: pick a code other than the one it holds.
    await root.locator('[data-cell="24"]').click();
    await expect(root).toHaveAttribute('data-selected', '24');
    const held = Number(await root.locator('[data-cell="24"]').getAttribute('data-code'));
    const choice = held === 5 ? 6 : 5;
    await root.locator(`[data-pick="${choice}"]`).click();
    await expect(root).toHaveAttribute('data-edits', '1');
    await expect.poll(async () => (await root.getAttribute('data-codes'))!.split(',')[24]).toBe(String(choice));
    await expect(root.locator('[data-cell="24"]')).toHaveAttribute('aria-label', `Row 4, column 4: code ${choice}, edited`);
    await expect.poll(async () => Buffer.compare(await output.screenshot(), decodedBefore) !== 0).toBe(true);
    await root.screenshot({ path: `test-results/chapter-2/encode-decode-${backend}.png` });

    await root.locator('[data-action="undo"]').click();
    await expect(root).toHaveAttribute('data-edits', '0');
    expect(watched.problems).toEqual([]);
  });
}

test('LatentSpaces on WebGPU: pretrained AE and VAE draw 600 digits, a click decodes, and training advances', async ({ page }) => {
  const { root, watched } = await open(page, 'LatentSpaces', '?backend=webgpu');
  await expect(root.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-backend', 'webgpu');
  await expect(root).toHaveAttribute('data-started-from', 'pretrained');
  await expect(root).toHaveAttribute('data-points', '600');
  const plot = root.locator('[data-panel="vae"] svg');
  const box = (await plot.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(root).not.toHaveAttribute('data-probe', '');
  await expect(root.locator('[data-panel="vae"]').getByRole('img', { name: /^The digit decoded at/ })).toBeVisible();

  const start = Number(await root.getAttribute('data-ae-step'));
  await root.locator('[data-action="train"]').click();
  await expect(root).toHaveAttribute('data-status', 'training');
  await expect.poll(async () => Number(await root.getAttribute('data-ae-step')), { timeout: 240_000 }).toBeGreaterThan(start);
  await root.locator('[data-action="train"]').click();
  await expect(root).toHaveAttribute('data-status', 'ready');
  await root.screenshot({ path: 'test-results/chapter-2/latent-spaces-webgpu.png' });
  expect(watched.problems).toEqual([]);
});

test('LatentSpaces on wasm: training from scratch lowers the VAE loss', async ({ page }) => {
  const { root, watched } = await open(page, 'LatentSpaces', '?backend=wasm');
  await root.locator('[data-action="scratch"]').click();
  await expect(root).toHaveAttribute('data-started-from', 'scratch');
  await expect.poll(async () => Number(await root.getAttribute('data-vae-step')), { timeout: 120_000 }).toBeGreaterThanOrEqual(60);
  const first = Number(await root.getAttribute('data-vae-first-loss'));
  const latest = Number(await root.getAttribute('data-vae-loss'));
  expect(latest).toBeLessThan(first * 0.8);
  await root.locator('[data-action="train"]').click();
  await expect(root).toHaveAttribute('data-status', 'ready');
  await root.screenshot({ path: 'test-results/chapter-2/latent-spaces-wasm.png' });
  expect(watched.problems).toEqual([]);
});
