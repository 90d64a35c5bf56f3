import { expect, test, type Page } from './test.ts';
import { watchPage } from './watch-page.ts';

// Chapter 5's SamplingTheatre: the pretrained prior samples a grid position by position, and the
// pretrained tiny VQ-VAE decodes it; a batch of 16 can be downloaded.
test.describe.configure({ timeout: 240_000 });

async function open(page: Page, query = '') {
  const watched = watchPage(page);
  await page.goto(`/en/prior-and-sampling/${query}`);
  const root = page.locator('[data-widget="SamplingTheatre"]');
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  return { root, watched };
}

for (const backend of ['webgpu', 'wasm']) {
  test(`on ${backend}: one grid is drawn in 49 passes and shown position by position, and 16 samples download as a PNG`, async ({ page }) => {
    const { root, watched } = await open(page, `?backend=${backend}`);
    await expect(root).toHaveAttribute('data-backend', backend);
    await root.locator('[data-action="sample"]').click();
    await expect(root).toHaveAttribute('data-runs', '1', { timeout: 120_000 });
    await expect(root).toHaveAttribute('data-passes', '49');
    // Replayed at a watchable speed: partway first, then the rest at once.
    await expect.poll(async () => Number(await root.getAttribute('data-position'))).toBeGreaterThan(0);
    expect(Number(await root.getAttribute('data-position'))).toBeLessThan(49);
    await root.locator('[data-action="jump"]').click();
    await expect(root).toHaveAttribute('data-position', '49');
    const codes = (await root.getAttribute('data-codes'))!.split(',').map(Number);
    expect(codes).toHaveLength(49);
    for (const code of codes) expect(code >= 0 && code < 64).toBe(true);
    await expect(root).toHaveAttribute('data-status', 'ready');

    await root.locator('[data-action="batch"]').click();
    await expect(root).toHaveAttribute('data-batch', '16', { timeout: 120_000 });
    const download = page.waitForEvent('download');
    await root.locator('[data-action="download"]').click();
    expect((await download).suggestedFilename()).toBe('vq-vae-samples-t1-seed1.png');
    await root.screenshot({ path: `test-results/sampling-theatre/${backend}.png` });
    expect(watched.problems).toEqual([]);
  });
}

test('the same seed gives the same grid; temperature 0 is the argmax and says so; a bad temperature is refused', async ({ page }) => {
  const { root, watched } = await open(page, '?backend=wasm');
  let runs = 0;
  const sample = async () => {
    await root.locator('[data-action="sample"]').click();
    await expect(root).toHaveAttribute('data-runs', String(++runs));
    await expect(root).toHaveAttribute('data-passes', '49');
    await root.locator('[data-action="jump"]').click();
    await expect(root).toHaveAttribute('data-position', '49');
    await expect(root).toHaveAttribute('data-status', 'ready');
    return root.getAttribute('data-codes');
  };
  const first = await sample();
  expect(await sample()).toBe(first);

  const temperature = root.locator('[data-control="temperature"]');
  await temperature.fill('0');
  await temperature.dispatchEvent('change');
  await sample();
  await expect(root.locator('[data-field="note"]')).toContainText('argmax');

  await temperature.fill('12');
  await temperature.dispatchEvent('change');
  await expect(root.getByRole('alert')).toContainText('The temperature must be a number up to 5');
  await expect(temperature).toHaveValue('0');
  expect(watched.problems).toEqual([]);
});
