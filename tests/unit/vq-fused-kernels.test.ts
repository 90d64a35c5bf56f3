// The fused ops of src/lib/vq/kernels against the stock TF.js composition each replaces: values and
// gradients with respect to every input, within 1e-4, on cpu (the project's JS kernels) and wasm
// (where the ops fall back to the composition, or run FusedConv2D on XNNPACK).
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { applyNetwork, buildNetwork, nearestCodes, networkPresets, registerWasmTrainingKernels, stopGradient, straightThrough, vqLosses } from '../../src/lib/vq/index.ts';
import { biasActivation } from '../../src/lib/vq/kernels/bias-activation.ts';
import { codeSums } from '../../src/lib/vq/kernels/code-sums.ts';
import { conv2dBiasActivation, conv2dTransposeBiasActivation } from '../../src/lib/vq/kernels/conv-layers.ts';
import { nearestCodeLookup } from '../../src/lib/vq/kernels/nearest-code-lookup.ts';
import { sumByCode } from '../../src/lib/vq/sum-by-code.ts';
import { meanSquaredError } from '../../src/lib/vq/vq-losses.ts';
import { describeOnBackends, expectClose } from './tf-backends.ts';

const TOLERANCE = 1e-4;

/** Compares tensors elementwise within TOLERANCE, scaled by the expected values' size. */
function expectTensorsClose(actual: tf.Tensor[], expected: tf.Tensor[]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    expect(a.shape).toEqual(expected[i]!.shape);
    const scale = Math.max(1, tf.tidy(() => tf.max(tf.abs(expected[i]!)).dataSync()[0]!));
    expectClose(a.dataSync(), expected[i]!.dataSync(), TOLERANCE * scale);
  });
}

// The stock composition of the quantiser, as src/lib/vq wrote it before the fused ops.
const stockLookup = tf.customGrad((...inputs) => {
  const [indices, codebook, save] = inputs as unknown as [tf.Tensor1D, tf.Tensor2D, tf.GradSaveFunc];
  save([indices]);
  return {
    value: tf.gather(codebook, indices),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.zeros(indices.shape), sumByCode(dy as tf.Tensor2D, saved[0] as tf.Tensor1D, codebook.shape[0])],
  };
});
function stockVqLosses(z: tf.Tensor2D, codebook: tf.Tensor2D) {
  const indices = nearestCodes(z, codebook);
  const zq = stockLookup(indices, codebook) as tf.Tensor2D;
  const codebookLoss = tf.mean(tf.squaredDifference(stopGradient(z), zq)) as tf.Scalar;
  const commitmentLoss = tf.mean(tf.squaredDifference(z, stopGradient(zq))) as tf.Scalar;
  return { indices, zq, codebookLoss, commitmentLoss };
}
const stockStraightThrough = (z: tf.Tensor, zq: tf.Tensor) => tf.add(z, stopGradient(tf.sub(zq, z)));

/** Random integers in [−2, 2]: distances are exact in float32, and many tie. */
function integerTensor(shape: [number, number], seed: number): tf.Tensor2D {
  return tf.tidy(() => tf.round(tf.randomUniform(shape, -2.49, 2.49, 'float32', seed))) as tf.Tensor2D;
}

/** The lowest index among the exactly nearest codes, by brute force in doubles. */
function bruteForceNearest(z: number[][], codes: number[][]): number[] {
  return z.map((row) => {
    let best = 0;
    let bestDistance = Infinity;
    codes.forEach((code, k) => {
      const distance = code.reduce((sum, c, d) => sum + (row[d]! - c) ** 2, 0);
      if (distance < bestDistance) [best, bestDistance] = [k, distance];
    });
    return best;
  });
}

describeOnBackends('fused nearest-code lookup', () => {
  it('picks what the stock search picks on random data, with the same codes', () => {
    const z = tf.randomNormal([300, 16], 0, 1, 'float32', 3) as tf.Tensor2D;
    const codebook = tf.randomNormal([64, 16], 0, 1, 'float32', 4) as tf.Tensor2D;
    const fused = nearestCodeLookup(z, codebook);
    const stock = tf.tidy(() => stockVqLosses(z, codebook));
    expect(fused.indices.dtype).toBe('int32');
    expect(Array.from(fused.indices.dataSync())).toEqual(Array.from(stock.indices.dataSync()));
    expectTensorsClose([fused.zq], [stock.zq]);
    tf.dispose([z, codebook, fused, stock]);
  });

  it('sends ties to the lowest index: exact ties among integer points and duplicated codes', () => {
    const z = integerTensor([200, 3], 5);
    // Codes 6 and 7 repeat codes 1 and 2, so rows nearest to those must never pick 6 or 7.
    const base = integerTensor([6, 3], 6);
    const codebook = tf.concat([base, tf.slice(base, [1, 0], [2, 3])]) as tf.Tensor2D;
    const expected = bruteForceNearest(z.arraySync(), codebook.arraySync());
    const fused = nearestCodeLookup(z, codebook);
    expect(Array.from(fused.indices.dataSync())).toEqual(expected);
    expect(Array.from(nearestCodes(z, codebook).dataSync())).toEqual(expected);
    // The data must hold real ties for this to test anything: rows with two or more nearest codes.
    const codes = codebook.arraySync();
    const ties = z.arraySync().filter((row) => {
      const distances = codes.map((code) => code.reduce((sum, c, d) => sum + (row[d]! - c) ** 2, 0));
      return distances.filter((d) => d === Math.min(...distances)).length > 1;
    });
    expect(ties.length).toBeGreaterThan(20);
    tf.dispose([z, base, codebook, fused]);
  });

  it("gives zq's gradient to the codebook, each row's to its code, and none to z", () => {
    const z = tf.variable(tf.randomNormal([120, 8], 0, 1, 'float32', 7));
    const codebook = tf.variable(tf.randomNormal([32, 8], 0, 1, 'float32', 8));
    const upstream = tf.randomNormal([120, 8], 0, 1, 'float32', 9);
    const loss = (lookup: (a: tf.Tensor2D, b: tf.Tensor2D) => tf.Tensor2D) => () => tf.sum(tf.mul(upstream, lookup(z as tf.Variable<tf.Rank.R2>, codebook as tf.Variable<tf.Rank.R2>))) as tf.Scalar;
    const fused = tf.variableGrads(loss((a, b) => nearestCodeLookup(a, b).zq));
    const stock = tf.variableGrads(loss((a, b) => stockLookup(nearestCodes(a, b), b) as tf.Tensor2D));
    expect(Object.keys(fused.grads)).toEqual([codebook.name]);
    expectTensorsClose([fused.value, fused.grads[codebook.name]!], [stock.value, stock.grads[codebook.name]!]);
    expectClose(stock.grads[z.name]?.dataSync() ?? [], new Array(stock.grads[z.name]?.size ?? 0).fill(0));
    tf.dispose([z, codebook, upstream, fused.value, stock.value, ...Object.values(fused.grads), ...Object.values(stock.grads)]);
  });

  it('codeSums adds each row to its code as the one-hot matmul does', () => {
    const values = tf.randomNormal([500, 16], 0, 1, 'float32', 10) as tf.Tensor2D;
    const indices = tf.randomUniformInt([500], 0, 40, 11) as tf.Tensor1D;
    const [fused, stock] = [codeSums(values, indices, 40), sumByCode(values, indices, 40)];
    expectTensorsClose([fused], [stock]);
    tf.dispose([values, indices, fused, stock]);
  });

  it('vqLosses, the straight-through estimator and their gradients match the stock composition', () => {
    const z = tf.randomNormal([196, 16], 0, 1, 'float32', 12) as tf.Tensor2D;
    const codebook = tf.randomNormal([128, 16], 0, 1, 'float32', 13) as tf.Tensor2D;
    const upstream = tf.randomNormal([196, 16], 0, 1, 'float32', 14);
    // A VQ-VAE's objective: a decoder's gradient through the estimator, β-weighted commitment, codebook loss.
    const objective = (losses: typeof stockVqLosses, pass: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) => {
      const q = losses(a as tf.Tensor2D, b as tf.Tensor2D);
      return tf.addN([tf.sum(tf.mul(upstream, pass(a, q.zq))), tf.mul(q.commitmentLoss, 0.25), q.codebookLoss]) as tf.Scalar;
    };
    const fused = tf.valueAndGrads(objective(vqLosses, straightThrough))([z, codebook]);
    const stock = tf.valueAndGrads(objective(stockVqLosses, stockStraightThrough))([z, codebook]);
    expectTensorsClose([fused.value, ...fused.grads], [stock.value, ...stock.grads]);
    const [mine, theirs] = [tf.tidy(() => vqLosses(z, codebook)), tf.tidy(() => stockVqLosses(z, codebook))];
    expectTensorsClose([mine.zq, mine.codebookLoss, mine.commitmentLoss], [theirs.zq, theirs.codebookLoss, theirs.commitmentLoss]);
    tf.dispose([z, codebook, upstream, fused.value, ...fused.grads, stock.value, ...stock.grads, mine, theirs]);
  });

  it("meanSquaredError: the value and the prediction's gradient match tf.mean(tf.squaredDifference(…))", () => {
    const [a, b] = [tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 17), tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 18)];
    const fused = tf.valueAndGrads((p: tf.Tensor) => meanSquaredError(p, b))([a]);
    const stock = tf.valueAndGrads((p: tf.Tensor) => tf.mean(tf.squaredDifference(p, b)) as tf.Scalar)([a]);
    expectTensorsClose([fused.value, ...fused.grads], [stock.value, ...stock.grads]);
    tf.dispose([a, b, fused.value, ...fused.grads, stock.value, ...stock.grads]);
  });

  it('leaves no tensors behind, forward and backward', () => {
    const z = tf.randomNormal([50, 4], 0, 1, 'float32', 15) as tf.Tensor2D;
    const codebook = tf.randomNormal([9, 4], 0, 1, 'float32', 16) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tf.dispose(nearestCodeLookup(z, codebook));
      tf.dispose(tf.grads((a: tf.Tensor, b: tf.Tensor) => {
        const q = vqLosses(a as tf.Tensor2D, b as tf.Tensor2D);
        return tf.addN([tf.sum(straightThrough(a, q.zq)), q.commitmentLoss, q.codebookLoss]) as tf.Scalar;
      })([z, codebook]));
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, codebook]);
  });
});

type Layer = { kind: 'conv' | 'convTranspose'; input: [number, number, number, number]; filter: [number, number, number, number]; stride: 1 | 2; pad: 'same' | 'valid'; activation: 'relu' | 'linear' };
const layers: Layer[] = [
  { kind: 'conv', input: [3, 28, 28, 1], filter: [3, 3, 1, 8], stride: 2, pad: 'same', activation: 'relu' },
  { kind: 'conv', input: [2, 14, 14, 8], filter: [3, 3, 8, 6], stride: 1, pad: 'valid', activation: 'linear' },
  { kind: 'conv', input: [2, 7, 7, 5], filter: [1, 1, 5, 4], stride: 1, pad: 'same', activation: 'relu' },
  { kind: 'convTranspose', input: [3, 7, 7, 4], filter: [3, 3, 6, 4], stride: 2, pad: 'same', activation: 'relu' },
  { kind: 'convTranspose', input: [2, 5, 5, 3], filter: [3, 3, 2, 3], stride: 1, pad: 'valid', activation: 'linear' },
];

describeOnBackends('fused convolution layers', () => {
  // Stock wasm has no Conv2DBackpropFilter; the site registers the project's before it trains.
  beforeAll(registerWasmTrainingKernels);

  for (const layer of layers) {
    const name = `${layer.kind} ${layer.input.join('×')} * ${layer.filter.join('×')}, stride ${layer.stride}, ${layer.pad}, ${layer.activation}`;
    it(`${name}: values and the gradients of x, filter and bias match conv + add + activation`, () => {
      const x = tf.randomNormal(layer.input, 0, 1, 'float32', 20) as tf.Tensor4D;
      const filter = tf.randomNormal(layer.filter, 0, 0.5, 'float32', 21) as tf.Tensor4D;
      const outChannels = layer.kind === 'conv' ? layer.filter[3] : layer.filter[2];
      const bias = tf.randomNormal([outChannels], 0, 0.5, 'float32', 22) as tf.Tensor1D;
      const [, h, w] = layer.input;
      const grow = (size: number) => (layer.pad === 'valid' ? (size - 1) * layer.stride + layer.filter[0] : size * layer.stride);
      const outShape: [number, number, number, number] = [layer.input[0], grow(h), grow(w), outChannels];
      const fusedLayer = (a: tf.Tensor4D, f: tf.Tensor4D, b: tf.Tensor1D) =>
        layer.kind === 'conv'
          ? conv2dBiasActivation(a, f, b, layer.stride, layer.pad, layer.activation)
          : conv2dTransposeBiasActivation(a, f, b, outShape, layer.stride, layer.pad, layer.activation);
      const stockLayer = (a: tf.Tensor4D, f: tf.Tensor4D, b: tf.Tensor1D) => {
        const linear = layer.kind === 'conv' ? tf.conv2d(a, f, layer.stride, layer.pad) : tf.conv2dTranspose(a, f, outShape, layer.stride, layer.pad);
        const sum = tf.add(linear, b);
        return layer.activation === 'relu' ? tf.relu(sum) : sum;
      };
      const upstream = tf.tidy(() => tf.randomNormal(stockLayer(x, filter, bias).shape, 0, 1, 'float32', 23));
      const loss = (f: typeof stockLayer) => (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(upstream, f(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor1D))) as tf.Scalar;
      const fused = tf.valueAndGrads(loss(fusedLayer))([x, filter, bias]);
      const stock = tf.valueAndGrads(loss(stockLayer))([x, filter, bias]);
      expectTensorsClose([fused.value, ...fused.grads], [stock.value, ...stock.grads]);
      const [y, yStock] = [fusedLayer(x, filter, bias), tf.tidy(() => stockLayer(x, filter, bias))];
      expectTensorsClose([y], [yStock]);
      tf.dispose([x, filter, bias, upstream, fused.value, ...fused.grads, stock.value, ...stock.grads, y, yStock]);
    });
  }

  for (const activation of ['relu', 'linear'] as const) {
    it(`bias + ${activation}: values and gradients match add then ${activation}, and a NaN stays NaN both ways`, () => {
      const x = tf.tidy(() => tf.concat([tf.tensor4d([NaN, 1, -1, 0.5], [1, 1, 1, 4]), tf.randomNormal([1, 1, 1, 4], 0, 1, 'float32', 40)], 2)) as tf.Tensor4D;
      const rest = tf.randomNormal([3, 5, 2, 4], 0, 1, 'float32', 41) as tf.Tensor4D;
      const bias = tf.randomNormal([4], 0, 0.5, 'float32', 42) as tf.Tensor1D;
      const upstream = tf.randomNormal([3, 5, 2, 4], 0, 1, 'float32', 43);
      const stock = (a: tf.Tensor4D, b: tf.Tensor1D) => (activation === 'relu' ? tf.relu(tf.add(a, b)) : tf.add(a, b)) as tf.Tensor4D;
      const loss = (f: typeof stock) => (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(upstream, f(a as tf.Tensor4D, b as tf.Tensor1D))) as tf.Scalar;
      const fused = tf.valueAndGrads(loss((a, b) => biasActivation(a, b, activation)))([rest, bias]);
      const reference = tf.valueAndGrads(loss(stock))([rest, bias]);
      expectTensorsClose([fused.value, ...fused.grads], [reference.value, ...reference.grads]);
      const [withNaN, withNaNStock] = [biasActivation(x, bias, activation), tf.tidy(() => stock(x, bias))];
      expect(Array.from(withNaN.dataSync()).map(Number.isNaN)).toEqual(Array.from(withNaNStock.dataSync()).map(Number.isNaN));
      const [dx] = tf.grads((a: tf.Tensor) => tf.sum(biasActivation(a as tf.Tensor4D, bias, activation)))([x]);
      expect(Number.isNaN(dx!.dataSync()[0])).toBe(activation === 'relu');
      tf.dispose([x, rest, bias, upstream, fused.value, ...fused.grads, reference.value, ...reference.grads, withNaN, withNaNStock, dx!]);
    });
  }

  it('R1 encoder and decoder: every weight gradient matches the same network in stock ops, without leaking', () => {
    const { encoder, decoder } = networkPresets.r1;
    const networks = [buildNetwork(encoder, 1, 16, 1), buildNetwork(decoder, 16, 16, 1001)];
    const variables = networks.flat().flatMap(({ kernel, bias }) => [kernel, bias] as tf.Variable[]);
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 30) as tf.Tensor4D;
    const stockNetwork = (layerList: typeof networks[number], input: tf.Tensor4D) =>
      layerList.reduce((h, { spec, kernel, bias }) => {
        const pad = spec.padding ?? 'same';
        const [b, height, width] = h.shape;
        const linear = spec.kind === 'conv' ? tf.conv2d(h, kernel, spec.stride, pad) : tf.conv2dTranspose(h, kernel, [b, height * spec.stride, width * spec.stride, kernel.shape[2]], spec.stride, pad);
        const sum = tf.add(linear, bias) as tf.Tensor4D;
        return spec.activation === 'relu' ? tf.relu(sum) : sum;
      }, input);
    const loss = (run: typeof stockNetwork) => () => tf.mean(tf.squaredDifference(run(networks[1]!, run(networks[0]!, x)), x)) as tf.Scalar;
    const before = tf.memory().numTensors;
    const fused = tf.variableGrads(loss(applyNetwork), variables);
    const stock = tf.variableGrads(loss(stockNetwork), variables);
    expectTensorsClose([fused.value, ...variables.map((v) => fused.grads[v.name]!)], [stock.value, ...variables.map((v) => stock.grads[v.name]!)]);
    tf.dispose([fused.value, stock.value, ...Object.values(fused.grads), ...Object.values(stock.grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ...variables]);
  });
});
