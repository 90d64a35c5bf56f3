import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Split } from '../../src/lib/data/dataset.ts';
import { loadDatasetFromDisk } from '../../src/lib/data/node.ts';
import { DeviceLosses, LOSS_GRACE_MS, type DeviceLostInfo } from '../../src/lib/engine/device-loss.ts';
import { engineText } from '../../src/lib/engine/messages.ts';
import { ModelHost } from '../../src/lib/engine/model-host.ts';
import type { EngineEvent } from '../../src/lib/engine/protocol.ts';
import { PixelCNNPrior } from '../../src/lib/vq/index.ts';

// A lost GPU played on the cpu backend: the test holds the device's `lost` promise and resolves it,
// as Chromium does when a WebGPU device goes; the engine "moves on" to cpu again. The real device, in
// a real browser, is destroyed in tests/e2e/gpu-lost.spec.ts.
let train: Split;
let test: Split;
beforeAll(async () => {
  await tf.setBackend('cpu');
  ({ train, test } = await loadDatasetFromDisk('mnist'));
});
afterEach(() => vi.restoreAllMocks());

function lostDevice() {
  let lose!: (info: DeviceLostInfo) => void;
  const lost = new Promise<DeviceLostInfo>((resolve) => (lose = resolve));
  return { lost, lose };
}

/** A model host watching a device the test can lose; the engine moves on to cpu, as often as asked. */
function host() {
  const events: EngineEvent[] = [];
  const h = new ModelHost((event) => events.push(event), async () => train);
  const device = lostDevice();
  h.watchDevice(device.lost, async () => ({ backend: 'cpu' }));
  return { h, events, device };
}

async function until(ready: () => boolean, timeout = 60_000) {
  const start = performance.now();
  while (!ready()) {
    if (performance.now() - start > timeout) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const trainedSteps = (events: EngineEvent[]) => events.flatMap((e) => (e.type === 'metrics' ? e.history.map((p) => p.step) : []));
const lastCopy = (name: string) => ((performance.getEntriesByName(`vq-state copy: ${name}`).at(-1) as PerformanceMeasure | undefined)?.detail as { step: number } | undefined)?.step;
const testImages = (count: number) => Float32Array.from(test.images.subarray(0, count * 784), (v) => v / 255);

describe('a lost GPU', () => {
  it('does not end training: the model is rebuilt from its last copy, the page hears the step, and the same job trains on from it', async () => {
    const { h, events, device } = host();
    // Each copy goes into the same timeline as the events, so the test knows which was the last before the loss.
    const measure = performance.measure.bind(performance);
    vi.spyOn(performance, 'measure').mockImplementation((name: string, options?: string | PerformanceMeasureOptions) => {
      if (name === 'vq-state copy: lab') events.push({ type: 'copy', step: ((options as PerformanceMeasureOptions).detail as { step: number }).step } as never);
      return measure(name, options as PerformanceMeasureOptions);
    });
    const copies = (list = events) => list.flatMap((e) => ((e.type as string) === 'copy' ? [(e as unknown as { step: number }).step] : []));
    await h.handle({ type: 'createModel', model: 'lab', config: { preset: 'tiny', codebookSize: 16 } });
    const training = h.handle({ type: 'train', model: 'lab', dataset: 'mnist', batchSize: 2, steps: null });
    await until(() => trainedSteps(events).length >= 4 && copies().length > 0);
    device.lose({ message: 'Device was destroyed.', reason: 'destroyed' });
    await until(() => events.some((e) => e.type === 'backend'));
    const restored = events.find((e) => e.type === 'restored');
    const copied = copies(events.slice(0, events.indexOf(restored!))).at(-1)!;
    expect(copied).toBeGreaterThan(0);
    expect(restored).toEqual({ type: 'restored', name: 'lab', step: copied });
    const told = events.findIndex((e) => e.type === 'backend');
    expect(events[told]).toMatchObject({ type: 'backend', backend: 'cpu', message: engineText('gpuLostTraining', { detail: 'Device was destroyed.', backend: 'cpu', step: copied }) });
    // The restored event comes before the page is told, and both before any step of the rebuilt model.
    expect(events.indexOf(restored!)).toBeLessThan(told);
    await until(() => trainedSteps(events.slice(told)).length >= 2);
    expect(trainedSteps(events.slice(told)).slice(0, 2)).toEqual([copied + 1, copied + 2]);
    await h.handle({ type: 'pause', model: 'lab' });
    const ended = await training;
    expect(ended).toMatchObject({ type: 'trained', reason: 'paused' });
    expect(ended.step).toBeGreaterThan(copied + 1);
    await h.handle({ type: 'disposeModel', model: 'lab' });
  });

  it('rebuilds a model that has stopped training exactly as it was, from the copy taken when it stopped', async () => {
    const { h, events, device } = host();
    await h.handle({ type: 'createModel', model: 'm', config: { preset: 'tiny', codebookSize: 16, seed: 3 } });
    await h.handle({ type: 'train', model: 'm', dataset: 'mnist', batchSize: 2, steps: 5 });
    expect(lastCopy('m')).toBe(5);
    const before = (await h.handle({ type: 'reconstruct', model: 'm', images: testImages(2), count: 2 })) as { images: Float32Array };
    device.lose({ message: '' });
    await until(() => events.some((e) => e.type === 'backend'));
    // Nothing was training: the message names no step, and the reason the browser gave none.
    expect(events.find((e) => e.type === 'backend')).toMatchObject({ message: engineText('gpuLost', { detail: engineText('noReasonGiven'), backend: 'cpu' }) });
    const after = (await h.handle({ type: 'reconstruct', model: 'm', images: testImages(2), count: 2 })) as { images: Float32Array };
    expect(Array.from(after.images)).toEqual(Array.from(before.images));
    expect(await h.handle({ type: 'setHyperparameters', model: 'm', changes: {} })).toMatchObject({ info: { step: 5 } });
    await h.handle({ type: 'disposeModel', model: 'm' });
  });

  it('answers a request again when the device went in the middle of it, streaming only what it had not', async () => {
    const { h, events, device } = host();
    const config = { codebookSize: 8, height: 7, width: 7, channels: 8 };
    await h.handle({ type: 'createPrior', prior: 'p', config });
    const sample = { type: 'samplePrior', prior: 'p', count: 2, temperature: 1, seed: 11, stream: true } as const;
    const control = (await h.handle({ ...sample })) as { codes: Int32Array };
    events.length = 0;
    const real = PixelCNNPrior.prototype.sample;
    // The first try loses the device at position 10: the read fails a moment before `lost` resolves, as in Chromium.
    vi.spyOn(PixelCNNPrior.prototype, 'sample').mockImplementationOnce(function (this: PixelCNNPrior, n, options = {}) {
      return real.call(this, n, {
        ...options,
        onStep: (step) => {
          if (step.position === 10) {
            setTimeout(() => device.lose({ message: 'Device was destroyed.' }), 5);
            throw new DOMException('The Device was lost before mapping was resolved.', 'AbortError');
          }
          options.onStep?.(step);
        },
      });
    });
    const answered = (await h.handle({ ...sample })) as { codes: Int32Array };
    expect(Array.from(answered.codes)).toEqual(Array.from(control.codes));
    const positions = events.flatMap((e) => (e.type === 'sampleStep' ? [e.step.position] : []));
    expect(positions).toEqual(Array.from({ length: 49 }, (_, i) => i));
    expect(events.find((e) => e.type === 'backend')).toMatchObject({ message: engineText('gpuLost', { detail: 'Device was destroyed.', backend: 'cpu' }) });
    await h.handle({ type: 'disposePrior', prior: 'p' });
  });

  it('tells a failure that a loss explains from the reader’s own mistakes, which never wait', async () => {
    const losses = new DeviceLosses();
    expect(await losses.explains(new Error('no device watched'))).toBe(false);
    const device = lostDevice();
    losses.watch(device.lost, async () => undefined);
    let start = performance.now();
    expect(await losses.explains(new RangeError('codebookSize must be ≥ 2'))).toBe(false);
    expect(await losses.explains(Object.assign(new Error('No model named "x"'), { reason: 'not-found' }))).toBe(false);
    expect(performance.now() - start).toBeLessThan(LOSS_GRACE_MS / 2);
    // Any other failure waits a moment for the device's loss, and is its own when none comes.
    start = performance.now();
    expect(await losses.explains(new Error('a bug'))).toBe(false);
    expect(performance.now() - start).toBeGreaterThanOrEqual(LOSS_GRACE_MS - 5);
    const mark = losses.mark();
    const failed = losses.explains(new DOMException('mapAsync aborted', 'AbortError'));
    device.lose({ message: 'gone' });
    expect(await failed).toBe(true);
    await losses.settled();
    // Work begun before the loss is explained by it, whatever it failed with.
    expect(await losses.explains(new Error('anything'), mark)).toBe(true);
  });
});
