import { expect, test } from './test.ts';
import { modelPageUrl } from './model-page.ts';

// The training loop on the GPU backends, driven through the model module itself: what no widget can do, such as
// feeding a NaN batch, or counting the GPU→CPU reads a queued step makes.
test.describe.configure({ timeout: 240_000 });

for (const gpu of ['webgpu', 'webgl'] as const) {
  test(`on ${gpu} a NaN batch among queued steps is rejected on the device, the weights unchanged, and no step reads back blocking`, async ({ page }) => {
    await page.goto(modelPageUrl());
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    const result = await page.evaluate(async (gpu) => {
      const { tf, vq, loadBackend, deviceFence } = (window as unknown as { modelPage: import('../model-page/main.ts').ModelPage }).modelPage;
      await loadBackend(gpu);
      if (!(await tf.setBackend(gpu))) throw new Error(`${gpu} did not start`);
      const backend = tf.backend() as unknown as { readSync: (id: object) => unknown };
      let blockingReads = 0;
      const readSync = backend.readSync.bind(backend);
      backend.readSync = (id) => ((blockingReads += 1), readSync(id));
      const images = (step: number, poisoned: boolean) =>
        tf.tidy(() => {
          const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', step);
          return poisoned ? tf.where(tf.equal(tf.reshape(tf.range(0, 4 * 784), [4, 28, 28, 1]), 7), tf.fill([4, 28, 28, 1], NaN), x) : x;
        }) as import('@tensorflow/tfjs-core').Tensor4D;
      const run = async (steps: number[], poisonedStep: number | null) => {
        const model = vq.VQVAE.create({ preset: 'tiny', seed: 9 });
        for (const step of steps) {
          const x = images(step, step === poisonedStep);
          model.queueTrainStep(x);
          x.dispose();
          // The engine's loop waits on a fence a couple of steps back; it must not void the queued work.
          await deviceFence();
        }
        const metrics = await model.readMetrics();
        const probe = images(100, false);
        const output = await model.reconstruct(probe).data();
        probe.dispose();
        const step = model.step;
        model.dispose();
        return { metrics: metrics.map((m) => ({ step: m.step, rejected: m.rejected, loss: m.loss })), output: Array.from(output), step };
      };
      const before = blockingReads;
      const poisoned = await run([0, 1, 2, 3], 2);
      const readsWhileTraining = blockingReads - before;
      // The counter counts: a dataSync is one blocking read.
      const control = blockingReads;
      tf.tidy(() => tf.add(tf.scalar(1), 1).dataSync());
      const controlReads = blockingReads - control;
      const clean = await run([0, 1, 3], null);
      const difference = Math.max(...poisoned.output.map((v, i) => Math.abs(v - clean.output[i]!)));
      return { poisoned, clean: { metrics: clean.metrics, step: clean.step }, difference, readsWhileTraining, controlReads, backend: tf.getBackend() };
    }, gpu);
    expect(result.backend).toBe(gpu);
    expect(result.poisoned.metrics.map((m) => m.rejected === null)).toEqual([true, true, false, true]);
    expect(result.poisoned.metrics[2]!.rejected).toMatch(/^step 3 rejected: the loss is not finite \(NaN\); the weights are unchanged$/);
    expect(result.poisoned.metrics.map((m) => m.step)).toEqual([1, 2, 2, 3]);
    expect(result.poisoned.step).toBe(3);
    // The same three clean steps with and without the rejected one between them: the same model.
    expect(result.poisoned.output.every(Number.isFinite)).toBe(true);
    expect(result.difference).toBeLessThan(1e-6);
    expect(result.poisoned.metrics.filter((m) => m.rejected === null).map((m) => m.loss)).toEqual(result.clean.metrics.map((m) => m.loss));
  // And the steps did train: a real loss that falls (a voided command buffer reads back zeros).
  const losses = result.clean.metrics.map((m) => m.loss);
  expect(losses[0]).toBeGreaterThan(0.01);
  expect(losses[2]).toBeLessThan(losses[0]!);
    // Queueing four steps and reading their metrics never blocks on a GPU→CPU read (reconstruct's read is async too).
    expect(result.readsWhileTraining).toBe(0);
    expect(result.controlReads).toBe(1);
  });
}
