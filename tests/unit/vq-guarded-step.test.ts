import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Adam, Autoencoder, guardedStep, PixelCNNPrior } from '../../src/lib/vq/index.ts';
import { expectClose } from './tf-backends.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const saved = { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const } };

/** A model's checkpoint with some weights overwritten, to put a model in a chosen state through its public API. */
async function withWeights(model: { save(d: tf.io.IOHandler): Promise<unknown> }, changes: Record<string, (values: Float32Array) => void>): Promise<tf.io.IOHandler> {
  let artifacts!: tf.io.ModelArtifacts;
  await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), saved)));
  const weights = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  for (const [name, change] of Object.entries(changes)) {
    const values = weights[name]!.dataSync().slice() as Float32Array;
    change(values);
    weights[name]!.dispose();
    weights[name] = tf.tensor(values, weights[name]!.shape);
  }
  const { data, specs } = await tf.io.encodeWeights(weights);
  tf.dispose(Object.values(weights));
  return tf.io.fromMemory({ ...artifacts, weightData: data, weightSpecs: specs });
}

describe('guardedStep: the one training step every model takes', () => {
  it('applies Adam for a finite loss and reports the loss, the scalars and each group’s gradient norm, worked out by hand', async () => {
    const a = tf.variable(tf.tensor1d([3, 4]));
    const b = tf.variable(tf.tensor1d([1]));
    const adam = new Adam(0.1);
    // loss = ‖a‖² + 2b: ∂/∂a = 2a = (6, 8), ∂/∂b = 2, so ‖g‖ = √(36 + 64 + 4) and ‖g_a‖ = 10.
    const outcome = await guardedStep(adam, [a, b], () => ({ loss: tf.sum(tf.add(tf.sum(tf.square(a)), tf.mul(b, 2))), report: [tf.sum(a)], keep: [] }), 1, [[a]]);
    expect(outcome).toMatchObject({ loss: 27, report: [7], rejected: null });
    expect(outcome.groupNorms[0]).toBeCloseTo(10, 5);
    // Adam's first step moves each element by lr · sign(g), to within ε.
    expectClose(a.dataSync(), [2.9, 3.9], 1e-5);
    expectClose(b.dataSync(), [0.9], 1e-5);
    tf.dispose([a, b]);
    adam.dispose();
  });

  it('rejects a step whose loss is finite but whose gradient is not, and leaves the weights and Adam as they were', async () => {
    const w = tf.variable(tf.tensor1d([0, 1]));
    const adam = new Adam(0.1);
    const before = tf.memory().numTensors;
    // √w at w = 0: the loss is 1, the gradient 1/(2√0) = ∞.
    const outcome = await guardedStep(adam, [w], () => ({ loss: tf.sum(tf.sqrt(w)), report: [], keep: [] }), 4);
    expect(outcome.loss).toBe(1);
    expect(outcome.rejected).toBe('step 4 rejected: the gradient is not finite (Infinity); the weights are unchanged');
    expect(Array.from(w.dataSync())).toEqual([0, 1]);
    expect(adam.step).toBe(0);
    // The one flat buffer of each moment is laid out at the first step, applied or not; nothing else stays.
    expect(tf.memory().numTensors).toBe(before + 2);
    const nan = await guardedStep(adam, [w], () => ({ loss: tf.mul(tf.div(tf.sum(w), 0), 0) as tf.Scalar, report: [], keep: [] }), 4);
    expect(nan.rejected).toBe('step 4 rejected: the loss is not finite (NaN); the weights are unchanged');
    expect(Array.from(w.dataSync())).toEqual([0, 1]);
    expect(adam.step).toBe(0);
    expect(tf.memory().numTensors).toBe(before + 2);
    w.dispose();
    adam.dispose();
  });

  it('a rejected step between two applied ones changes nothing: the same weights as the two applied steps alone', async () => {
    const run = async (withBadStep: boolean) => {
      const w = tf.variable(tf.tensor1d([0.5, -2, 3]));
      const adam = new Adam(0.1);
      const good = () => ({ loss: tf.sum(tf.mul(tf.square(w), tf.tensor1d([1, 2, 3]))) as tf.Scalar, report: [], keep: [] });
      await guardedStep(adam, [w], good, 1);
      // The device decides to skip this one: moments, step count and weights must all stay as they were.
      if (withBadStep) expect((await guardedStep(adam, [w], () => ({ loss: tf.sum(tf.div(w, 0)) as tf.Scalar, report: [], keep: [] }), 2)).rejected).not.toBeNull();
      await guardedStep(adam, [w], good, 2);
      const values = Array.from(w.dataSync());
      const steps = adam.step;
      w.dispose();
      adam.dispose();
      return { values, steps };
    };
    const clean = await run(false);
    expect(await run(true)).toEqual(clean);
    expect(clean.steps).toBe(2);
  });

  it('hands the kept tensors to the caller, applied or not, and frees everything else', async () => {
    const w = tf.variable(tf.tensor1d([1, 2]));
    const adam = new Adam(0.01);
    await guardedStep(adam, [w], () => ({ loss: tf.sum(w), report: [], keep: [] }), 1); // Adam's moments are created once
    const before = tf.memory().numTensors;
    const { keep } = await guardedStep(adam, [w], () => ({ loss: tf.sum(tf.square(w)), report: [], keep: { doubled: tf.mul(w, 2) } }), 2);
    expect(tf.memory().numTensors).toBe(before + 1);
    expectClose(keep.doubled.dataSync(), [1.98, 3.98], 1e-4);
    keep.doubled.dispose();
    w.dispose();
    adam.dispose();
  });
});

describe('the models reject a step whose gradient is not finite, not only one whose loss is not (the README’s promise)', () => {
  // A zero output layer fed by huge activations: the output, and so the loss, is just the bias and
  // finite, but the output layer's gradient is activation × error ≈ 1e25, whose square overflows.
  it('Autoencoder', async () => {
    const fresh = Autoencoder.create({ kind: 'ae', latentDim: 2 });
    const model = await Autoencoder.load(await withWeights(fresh, { 'decoder/2/kernel': (v) => v.fill(0), 'decoder/1/bias': (v) => v.fill(1e25) }));
    fresh.dispose();
    // Not 0.5: with a zero bias the output is σ(0) = 0.5, and the error, so the gradient, would be zero.
    const x = tf.fill([2, 28, 28, 1], 0.2) as tf.Tensor4D;
    const metrics = await model.trainStep(x);
    expect(Number.isFinite(metrics.loss)).toBe(true);
    expect(metrics.rejected).toBe('step 1 rejected: the gradient is not finite (Infinity); the weights are unchanged');
    expect(metrics.step).toBe(0);
    x.dispose();
    model.dispose();
  });

  it('PixelCNNPrior', async () => {
    const fresh = PixelCNNPrior.create({ codebookSize: 4, height: 3, width: 3, channels: 4, layers: 1, kernelSize: 3 });
    const model = await PixelCNNPrior.load(await withWeights(fresh, { 'head/logits/kernel': (v) => v.fill(0), 'head/hidden/bias': (v) => v.fill(1e25) }));
    fresh.dispose();
    const codes = tf.tensor3d([0, 1, 2, 3, 0, 1, 2, 3, 0], [1, 3, 3], 'int32');
    const metrics = await model.trainStep(codes);
    expect(Number.isFinite(metrics.loss)).toBe(true);
    expect(metrics.rejected).toBe('step 1 rejected: the gradient is not finite (Infinity); the weights are unchanged');
    expect(metrics.step).toBe(0);
    codes.dispose();
    model.dispose();
  });
});

describe('Adam', () => {
  it('matches tf.train.adam step for step (it is written out only to change its rate and reset rows of moments)', () => {
    const start = [tf.tensor2d([[0.5, -1], [2, 0.1]]), tf.tensor1d([0.3, -0.7, 1.1])];
    const ours = start.map((t) => tf.variable(t.clone()));
    const theirs = start.map((t) => tf.variable(t.clone()));
    const adam = new Adam(0.01);
    const reference = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    for (let step = 1; step <= 25; step++) {
      // Gradients that change in size and sign, so both moments and both bias corrections matter.
      const gradients = start.map((t, i) => tf.tidy(() => tf.mul(tf.sin(tf.add(tf.mul(t, step), i)), step % 3 === 0 ? 10 : 0.1)));
      adam.apply(ours.map((variable, i) => ({ variable, gradient: gradients[i]! })));
      reference.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: gradients[i]! })));
      tf.dispose(gradients);
      ours.forEach((v, i) => expectClose(v.dataSync(), theirs[i]!.dataSync(), 2e-6));
    }
    tf.dispose([...start, ...ours, ...theirs]);
    adam.dispose();
    reference.dispose();
  });
});
