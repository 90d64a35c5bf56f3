import { expect, test, type Locator, type Page, type Worker } from './test.ts';
import { watchPage } from './watch-page.ts';

// The GPU lost for real: the engine Worker's WebGPU device is destroyed (GPUDevice.destroy() raises
// device.lost on SwiftShader as a driver reset would) while the lab trains and while a prior samples.
// The engine must move to the next backend, rebuild every model from the copy of its state it keeps
// in memory, say so, and carry on: training from the copy's step, sampling to the last pixel.
test.describe.configure({ timeout: 360_000 });

/** The page's engine Worker: the one that holds TF.js (tfjs-core keeps its engine on the global as _tfengine). */
async function engineWorker(page: Page): Promise<Worker> {
  let found: Worker | undefined;
  await expect
    .poll(async () => {
      for (const worker of page.workers()) if (await worker.evaluate(() => '_tfengine' in globalThis).catch(() => false)) found = worker;
      return found !== undefined;
    })
    .toBe(true);
  return found!;
}

/** Records every copy the engine takes from now on (the measures it leaves in its Worker's timeline), with its cost. */
async function recordCopies(worker: Worker) {
  await worker.evaluate(() => {
    const copies: { name: string; step: number; ms: number; bytes: number }[] = [];
    (globalThis as { recordedCopies?: typeof copies }).recordedCopies = copies;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.name.startsWith('vq-state copy: ')) continue;
        const { step, bytes } = (entry as PerformanceMeasure).detail as { step: number; bytes: number };
        copies.push({ name: entry.name.slice('vq-state copy: '.length), step, ms: entry.duration, bytes });
      }
    }).observe({ entryTypes: ['measure'] });
  });
}

const copiesSoFar = (worker: Worker) => worker.evaluate(() => (globalThis as { recordedCopies?: { name: string; step: number; ms: number; bytes: number }[] }).recordedCopies ?? []);

/**
 * Destroys the engine's WebGPU device, in the same task as it reads which copies it has kept, so
 * none can land in between. Returns the backend it was on and the copies.
 */
function destroyDevice(worker: Worker) {
  return worker.evaluate(() => {
    const engine = (globalThis as unknown as { _tfengine: { backendName: string; backend: { device?: GPUDevice } } })._tfengine;
    const copies = (globalThis as { recordedCopies?: { name: string; step: number }[] }).recordedCopies ?? [];
    const backend = engine.backendName;
    engine.backend.device?.destroy();
    return { backend, copies: copies.map(({ name, step }) => ({ name, step })) };
  });
}

/** The lab's badge once it says the GPU was lost: the backend it moved to, and the step training goes on from. */
async function lossReported(badge: Locator) {
  const warning = badge.locator('[data-field="warning"]');
  await expect(warning).toContainText('The GPU was lost', { timeout: 120_000 });
  const text = (await warning.textContent()) ?? '';
  const backend = await badge.getAttribute('data-backend');
  return { text, backend, step: /Training goes on from step (\d+)/.exec(text)?.[1] };
}

const stepOf = async (widget: Locator) => Number(await widget.getAttribute('data-step'));

test('the lab trains on through a lost GPU: rebuilt from its last copy on the next backend, from the copy’s step', async ({ page }) => {
  const watched = watchPage(page);
  await page.goto('/en/codebook-and-commitment-losses/?backend=webgpu');
  const lab = page.locator('[data-widget="TrainingLab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  const badge = lab.locator('[data-widget="BackendBadge"]');
  await expect(badge).toHaveAttribute('data-backend', 'webgpu');
  const pretrained = await stepOf(lab);
  expect(pretrained).toBeGreaterThan(0);
  const worker = await engineWorker(page);
  await recordCopies(worker);

  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'training');
  // Trained a while: several copies taken, the last of them past the pretrained step.
  await expect.poll(async () => (await copiesSoFar(worker)).length, { timeout: 150_000 }).toBeGreaterThanOrEqual(3);
  const before = await stepOf(lab);
  const lost = await destroyDevice(worker);
  expect(lost.backend).toBe('webgpu');
  const copied = lost.copies.at(-1)!.step;
  expect(copied).toBeGreaterThan(pretrained);

  const reported = await lossReported(badge);
  expect(reported.backend).not.toBe('webgpu');
  expect(reported.text).toContain(`so the engine moved to ${reported.backend}`);
  // Training goes on from the last copy: not from 0, not from the pretrained step.
  expect(Number(reported.step)).toBe(copied);
  expect(copied).toBeLessThanOrEqual(before + 5);
  await expect(badge.locator('[data-field="backend"]')).toHaveText(reported.backend!);
  // The reader asked for webgpu: the badge must not say the new backend was asked for.
  await expect(badge.locator('[data-field="choice"]')).toHaveCount(0);
  await expect.poll(() => stepOf(lab), { timeout: 150_000 }).toBeGreaterThan(copied + 2);
  await expect(lab).toHaveAttribute('data-status', 'training');
  const loss = Number(await lab.getAttribute('data-loss'));
  expect(Number.isFinite(loss) && loss > 0).toBe(true);
  // The rebuilt model is copied in its turn, on the new backend.
  await expect.poll(async () => (await copiesSoFar(worker)).some((copy) => copy.step > copied), { timeout: 60_000 }).toBe(true);

  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  const copies = await copiesSoFar(worker);
  const onGpu = copies.filter((copy) => copy.step <= copied);
  const ms = onGpu.map((copy) => copy.ms).sort((a, b) => a - b);
  const figures = `${onGpu.length} copies on webgpu (SwiftShader) of ${onGpu[0]!.bytes} bytes: median ${ms[Math.floor(ms.length / 2)]!.toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms; trained from step ${pretrained} to ${before}, lost at the copy of step ${copied}, went on on ${reported.backend}`;
  test.info().annotations.push({ type: 'state copies', description: figures });
  console.log(`state copies: ${figures}`);
  await lab.screenshot({ path: 'test-results/gpu-lost/lab.png' });
  expect(watched.problems).toEqual([]);
});

test('a prior sampling when the GPU goes finishes its 784 pixels on the next backend, each pixel streamed once', async ({ page }) => {
  // The sample is drawn again from its first pixel on the next backend (same seed, so the same image;
  // the pixels already shown are not streamed twice): 784 forward passes on SwiftShader's WebGL.
  test.setTimeout(720_000);
  const watched = watchPage(page);
  await page.goto('/en/autoregressive-modelling/?backend=webgpu');
  const sampler = page.locator('[data-widget="PixelSampler"]');
  await sampler.scrollIntoViewIfNeeded();
  await expect(sampler).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(sampler).toHaveAttribute('data-backend', 'webgpu');
  const worker = await engineWorker(page);

  await sampler.locator('[data-action="sample"]').click();
  await expect(sampler).toHaveAttribute('data-status', 'sampling');
  await expect.poll(async () => Number(await sampler.getAttribute('data-forward-passes')), { timeout: 120_000 }).toBeGreaterThanOrEqual(40);
  const lost = await destroyDevice(worker);
  expect(lost.backend).toBe('webgpu');

  const badge = sampler.locator('[data-widget="BackendBadge"]');
  const reported = await lossReported(badge);
  expect(reported.backend).not.toBe('webgpu');
  await expect(sampler).toHaveAttribute('data-backend', reported.backend!);
  // The sample is finished, not failed: every pixel, each from one forward pass the reader saw.
  await expect(sampler).toHaveAttribute('data-runs', '1', { timeout: 600_000 });
  await expect(sampler).toHaveAttribute('data-status', 'ready');
  await expect(sampler).toHaveAttribute('data-forward-passes', '784');
  await expect(sampler).toHaveAttribute('data-position', '784');
  await sampler.screenshot({ path: 'test-results/gpu-lost/sampler.png' });
  expect(watched.problems).toEqual([]);
});
