import { readFile, writeFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from './test.ts';
import { downloadCheckpoint } from './lab-download.ts';
import { watchPage } from './watch-page.ts';

// The training lab trains the real tiny VQ-VAE in the page's engine Worker. SwiftShader's WebGPU takes
// a few seconds per step, so each test asks for only a few.
test.describe.configure({ timeout: 240_000 });

const chapter = '/en/codebook-and-commitment-losses/';

async function openLab(page: Page, query = '') {
  const watched = watchPage(page);
  await page.goto(chapter + query);
  const lab = page.locator('[data-widget="TrainingLab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  return { lab, watched };
}

const stepOf = async (lab: Locator) => Number(await lab.getAttribute('data-step'));

async function trainUntil(lab: Locator, step: number) {
  await expect.poll(() => stepOf(lab), { timeout: 150_000 }).toBeGreaterThanOrEqual(step);
}

test('starts from the pretrained model, trains on WebGPU, and takes a new β without stopping', async ({ page }) => {
  const { lab, watched } = await openLab(page, '?backend=webgpu');
  await expect(lab).toHaveAttribute('data-started-from', 'pretrained');
  await expect(lab.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-backend', 'webgpu');
  const pretrainedStep = await stepOf(lab);
  expect(pretrainedStep).toBeGreaterThan(0);

  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'training');
  await trainUntil(lab, pretrainedStep + 2);
  expect(Number(await lab.getAttribute('data-loss'))).toBeGreaterThan(0);

  await lab.getByLabel('β, exact value').fill('2');
  await lab.getByLabel('β, exact value').dispatchEvent('change');
  await expect(lab).toHaveAttribute('data-beta', '2');
  await expect(lab).toHaveAttribute('data-status', 'training');
  const stepAtChange = await stepOf(lab);
  await trainUntil(lab, stepAtChange + 1);

  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  const stopped = await stepOf(lab);
  await page.waitForTimeout(4000);
  expect(await stepOf(lab)).toBe(stopped);
  await lab.screenshot({ path: 'test-results/training-lab/webgpu.png' });
  expect(watched.problems).toEqual([]);
});

test('opens on the pretrained run: its training curve drawn as the previous run, fetched only in view, and its restart setting', async ({ page }) => {
  const watched = watchPage(page);
  const fetched: string[] = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(chapter);
  // The curve is the lab's, not the page's: nothing asks for it before the lab is in view.
  await page.waitForTimeout(1500);
  expect(fetched.filter((path) => path.includes('/models/'))).toEqual([]);
  const lab = page.locator('[data-widget="TrainingLab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-ghost-kind', 'pretrained', { timeout: 120_000 });
  await expect(lab).toHaveAttribute('data-status', 'ready');
  await expect(lab).toHaveAttribute('data-ghost', '300');
  await expect(lab).toHaveAttribute('data-continues-ghost', 'true');
  expect(fetched).toContain('/models/vqvae-tiny-mnist/training-curve.json');
  expect(fetched).not.toContain('/models/vqvae-tiny-mnist/training-log.json');
  await expect(lab.locator('[data-field="ghost-label"]')).toContainText('the pretrained run, 3,000 steps of 64 images, ending at a held-out error of 0.0045');
  await expect(lab.locator('[data-field="ghost-label"]')).toContainText('Train continues it from step 3,001');

  // Drawn before any step: the dashed lines span the chart, and the legend names them.
  const [losses, usage] = [lab.locator('.line-chart').nth(0), lab.locator('.line-chart').nth(1)];
  const dashed = losses.locator('path[stroke-dasharray]');
  await expect(dashed).toHaveCount(3);
  for (const path of await dashed.all()) {
    const box = (await path.boundingBox())!;
    expect(box.width).toBeGreaterThan(0.8 * (await losses.locator('svg').boundingBox())!.width - 60);
  }
  await expect(losses.locator('.legend')).toHaveText('reconstruction (pretrained run)codebook (pretrained run)commitment (before β) (pretrained run)');
  await expect(usage.locator('path[stroke-dasharray]')).toHaveCount(2);

  // The checkpoint was trained with restarts after 10 idle steps, and so the lab continues it.
  await expect(lab).toHaveAttribute('data-restart', '10');
  await expect(lab.locator('[data-control="restart"]')).toBeChecked();
  expect(page.url()).not.toContain('restart');
  await lab.screenshot({ path: 'test-results/training-lab/first-load-light.png' });
  await page.emulateMedia({ colorScheme: 'dark' });
  await lab.screenshot({ path: 'test-results/training-lab/first-load-dark.png' });
  expect(watched.problems).toEqual([]);
});

test('pauses while scrolled out of view, and resumes on return', async ({ page }) => {
  const { lab, watched } = await openLab(page);
  const start = await stepOf(lab);
  await lab.locator('[data-action="train"]').click();
  await trainUntil(lab, start + 1);
  await page.evaluate(() => scrollTo(0, 0));
  await expect(lab).toHaveAttribute('data-status', 'waiting');
  // A step already running when the lab left the view may still land.
  await page.waitForTimeout(3000);
  const away = await stepOf(lab);
  await page.waitForTimeout(6000);
  expect(await stepOf(lab)).toBe(away);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-status', 'training');
  await trainUntil(lab, away + 1);
  expect(watched.problems).toEqual([]);
});

test('a downloaded checkpoint loads back; a truncated one is refused and the model is kept', async ({ page }, testInfo) => {
  const { lab, watched } = await openLab(page);
  const step = await stepOf(lab);
  const { json, weights } = await downloadCheckpoint(page, lab, testInfo);
  expect(JSON.parse(await readFile(json, 'utf8'))).toMatchObject({ format: 'vq-vae-explained-live/vqvae@1', userDefinedMetadata: { step } });

  const files = lab.locator('[data-action="open-files"]');
  await files.setInputFiles([json, weights]);
  await expect(lab.locator('[data-field="checkpoint-message"]')).toHaveText(/^Loaded /);

  // Renamed by the reader, and cut short: the name is forgiven, the missing bytes are not.
  const truncated = testInfo.outputPath('truncated.bin');
  await writeFile(truncated, (await readFile(weights)).subarray(0, 4000));
  await files.setInputFiles([json, truncated]);
  await expect(lab.locator('[data-field="checkpoint-message"]')).toHaveText(/has 4000 bytes but the manifest describes \d+: it is truncated/);
  await expect(lab).toHaveAttribute('data-step', String(step));
  await expect(lab).toHaveAttribute('data-status', 'ready');
  expect(watched.problems).toEqual([]);
});

test('keeps a copy in IndexedDB and restores it after starting from scratch', async ({ page }) => {
  const { lab, watched } = await openLab(page);
  const step = await stepOf(lab);
  await lab.locator('[data-action="store"]').click();
  await expect(lab.locator('[data-field="checkpoint-message"]')).toHaveText('Kept in this browser (IndexedDB).');
  await lab.locator('[data-action="reset"]').click();
  await expect(lab).toHaveAttribute('data-step', '0');
  await lab.locator('[data-action="restore"]').click();
  await expect(lab.locator('[data-field="checkpoint-message"]')).toHaveText('Restored the copy kept in this browser.');
  await expect(lab).toHaveAttribute('data-step', String(step));
  expect(watched.problems).toEqual([]);
});

test('trains on the wasm fallback, with the project’s conv gradient kernels', async ({ page }) => {
  const { lab, watched } = await openLab(page, '?backend=wasm');
  await expect(lab.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-backend', 'wasm');
  const start = await stepOf(lab);
  await lab.locator('[data-action="train"]').click();
  await trainUntil(lab, start + 5);
  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  await lab.screenshot({ path: 'test-results/training-lab/wasm.png' });
  expect(watched.problems).toEqual([]);
});

test('WebGPU and the cpu backend compute the same first step from the same checkpoint and batch', async ({ browser }) => {
  const firstLoss = async (backend: string) => {
    const page = await browser.newPage();
    const { lab, watched } = await openLab(page, `?backend=${backend}`);
    const start = await stepOf(lab);
    await lab.locator('[data-action="train"]').click();
    await trainUntil(lab, start + 1);
    await lab.locator('[data-action="train"]').click();
    const loss = Number(await lab.getAttribute('data-first-loss'));
    expect(watched.problems).toEqual([]);
    await page.close();
    return loss;
  };
  const [gpu, cpu] = [await firstLoss('webgpu'), await firstLoss('cpu')];
  expect(gpu).toBeGreaterThan(0);
  expect(Math.abs(gpu - cpu) / cpu).toBeLessThan(1e-4);
});

test('β set to 0 while training on wasm: the codebook loss climbs, as nothing holds the encoder to its codes', async ({ page }) => {
  const { lab, watched } = await openLab(page, '?backend=wasm');
  const start = await stepOf(lab);
  await lab.locator('[data-action="train"]').click();
  await trainUntil(lab, start + 5);
  const before = Number(await lab.getAttribute('data-codebook-loss'));
  await lab.getByLabel('β, exact value').fill('0');
  await lab.getByLabel('β, exact value').dispatchEvent('change');
  await expect(lab).toHaveAttribute('data-beta', '0');
  expect(page.url()).toContain('beta=0');
  // Metrics now arrive in batches, so the change may land a few steps after the reading above; 95
  // steps at β = 0 leave a wide margin over the 5× (runs here: 40× to 200×, and 3.7× once at 55 steps under load).
  await trainUntil(lab, start + 100);
  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  expect(Number(await lab.getAttribute('data-codebook-loss'))).toBeGreaterThan(5 * before);
  await lab.screenshot({ path: 'test-results/training-lab/beta-zero-wasm.png' });
  expect(watched.problems).toEqual([]);
});

test('a new K builds a fresh model with K codes, keeps the old run as a ghost, and lands in the URL', async ({ page }) => {
  const { lab, watched } = await openLab(page, '?backend=wasm');
  const start = await stepOf(lab);
  for (let i = 1; i <= 2; i++) {
    await lab.locator('[data-action="step"]').click();
    await trainUntil(lab, start + i);
  }
  await lab.locator('[data-control="k"]').fill('16');
  await lab.locator('[data-control="k"]').dispatchEvent('change');
  await expect(lab.locator('[data-field="pending"]')).toBeVisible();
  await lab.locator('[data-action="apply-shape"]').click();
  await expect(lab).toHaveAttribute('data-k', '16');
  await expect(lab).toHaveAttribute('data-step', '0');
  await expect(lab).toHaveAttribute('data-started-from', 'scratch');
  await expect(lab).toHaveAttribute('data-codes-drawn', '16');
  // The run left behind is the pretrained run and the two steps that continued it, from step 0.
  await expect(lab).toHaveAttribute('data-ghost-kind', 'previous');
  await expect(lab).toHaveAttribute('data-ghost', '302');
  await expect(lab).toHaveAttribute('data-continues-ghost', 'false');
  expect(page.url()).toContain('K=16');
  await lab.locator('[data-action="train"]').click();
  await trainUntil(lab, 30);
  await lab.locator('[data-action="train"]').click();
  // The reconstruction error, not the total: a fresh codebook's loss can rise while the codes spread out.
  expect(Number(await lab.getAttribute('data-reconstruction'))).toBeLessThan(0.8 * Number(await lab.getAttribute('data-first-reconstruction')));
  await lab.screenshot({ path: 'test-results/training-lab/new-k-ghost.png' });
  expect(watched.problems).toEqual([]);
});

test('a link sets the lab up; values out of range in the link or the controls are refused with a reason', async ({ page }) => {
  const { lab, watched } = await openLab(page, '?backend=wasm&K=32&beta=1.5&restart=off&D=999');
  await expect(lab).toHaveAttribute('data-k', '32');
  await expect(lab).toHaveAttribute('data-d', '8');
  await expect(lab).toHaveAttribute('data-beta', '1.5');
  await expect(lab).toHaveAttribute('data-restart', 'false');
  await expect(lab.locator('[data-control="restart"]')).not.toBeChecked();
  await expect(lab).toHaveAttribute('data-started-from', 'scratch');
  await expect(lab.getByRole('alert').filter({ hasText: 'D must be a whole number from 1 to 64; got 999.' })).toBeVisible();

  await lab.getByLabel('β, exact value').fill('-3');
  await lab.getByLabel('β, exact value').dispatchEvent('change');
  await expect(lab.locator('[data-field="input-problem"]')).toHaveText('β must be a number from 0 to 5; got -3.');
  await expect(lab).toHaveAttribute('data-beta', '1.5');
  await expect(lab.getByLabel('β, exact value')).toHaveValue('1.5');
  expect(watched.problems).toEqual([]);
});
