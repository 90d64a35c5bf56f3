/**
 * The WebGPU kernel checks of the model page: run each fused op on the cpu backend and on WebGPU with the same
 * inputs, and hand the outputs' largest differences to tests/e2e/webgpu-kernels.spec.ts. WebGPU is
 * loaded as the engine loads it (loadBackend, which registers the project's kernels), so the check
 * covers the registration too. It also counts what one R1 training step costs there.
 */
import '@tensorflow/tfjs-backend-cpu';
import { loadBackend } from '../../src/lib/engine/backend-loaders.ts';
import { VQVAE, applyNetwork, buildNetwork, disposeNetwork, networkPresets, straightThrough, vqLosses } from '../../src/lib/vq/index.ts';
import { codeSums } from '../../src/lib/vq/kernels/code-sums.ts';
import { conv2dBiasActivation, conv2dTransposeBiasActivation } from '../../src/lib/vq/kernels/conv-layers.ts';
import { NEAREST_CODE_LOOKUP, SUM_BY_CODE } from '../../src/lib/vq/kernels/names.ts';
import { nearestCodeLookup } from '../../src/lib/vq/kernels/nearest-code-lookup.ts';
import { mulberry32 } from '../../src/lib/vq/random.ts';
import * as tf from '../../src/lib/vq/tf.ts';

/** One input, as plain numbers, so each backend makes its own tensor. */
type Input = { shape: number[]; values: number[]; dtype?: 'float32' | 'int32' };
/** How far WebGPU's outputs were from cpu's: the largest |difference| over an output's largest |cpu value| (at least 1e-3), over outputs. */
export type Check = { name: string; relativeError: number; integerMismatches: number; webgpuKernels: string[] };
export type StepCount = { preset: string; batch: number; kernels: number; identities: number; dispatches: number; byName: Record<string, number>; dispatchesByProgram: Record<string, number> };
export type PageResult = { backend: string; registered: boolean; checks: Check[]; steps: StepCount[] };

declare global {
  interface Window {
    runKernelChecks(): Promise<PageResult>;
  }
}

const random = mulberry32(14);
const uniform = (shape: number[], low = -1, high = 1): Input => ({ shape, values: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => low + (high - low) * random()) });
const integers = (shape: number[], low: number, high: number, dtype: 'float32' | 'int32' = 'float32'): Input => ({
  shape,
  dtype,
  values: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => low + Math.floor((high - low) * random())),
});

/** Runs `op` on both backends; returns cpu's and WebGPU's outputs and the kernels WebGPU ran. */
async function onBoth(inputs: Input[], op: (...tensors: tf.Tensor[]) => tf.Tensor[]) {
  const outputs: Record<string, { values: ArrayLike<number>; dtype: string }[]> = {};
  let webgpuKernels: string[] = [];
  for (const backend of ['cpu', 'webgpu']) {
    await tf.setBackend(backend);
    const tensors = inputs.map(({ shape, values, dtype }) => tf.tensor(values, shape, dtype ?? 'float32'));
    let results: tf.Tensor[] = [];
    const profile = await tf.profile(() => {
      results = op(...tensors);
      return results;
    });
    if (backend === 'webgpu') webgpuKernels = profile.kernels.map((k) => k.name);
    outputs[backend] = await Promise.all(results.map(async (t) => ({ values: await t.data(), dtype: t.dtype })));
    tf.dispose([...tensors, ...results]);
  }
  return { cpu: outputs.cpu!, webgpu: outputs.webgpu!, webgpuKernels };
}

async function check(name: string, inputs: Input[], op: (...tensors: tf.Tensor[]) => tf.Tensor[]): Promise<Check> {
  const { cpu, webgpu, webgpuKernels } = await onBoth(inputs, op);
  let relativeError = 0;
  let integerMismatches = 0;
  cpu.forEach(({ values, dtype }, i) => {
    const other = webgpu[i]!.values;
    if (other.length !== values.length) throw new Error(`${name}: output ${i} has ${other.length} values on WebGPU, ${values.length} on cpu`);
    let scale = 1e-3;
    for (let j = 0; j < values.length; j++) scale = Math.max(scale, Math.abs(values[j]!));
    for (let j = 0; j < values.length; j++) {
      if (dtype === 'int32') integerMismatches += values[j] === other[j] ? 0 : 1;
      // NaN on either side counts as infinitely wrong.
      else relativeError = Math.max(relativeError, Number.isNaN(other[j]! - values[j]!) ? Infinity : Math.abs(other[j]! - values[j]!) / scale);
    }
  });
  return { name, relativeError, integerMismatches, webgpuKernels };
}

/** The VQ-VAE's objective around the quantiser: a decoder's gradient through the estimator, commitment and codebook losses. */
function quantiserObjective(z: tf.Tensor, codebook: tf.Tensor, upstream: tf.Tensor): tf.Tensor[] {
  const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) => {
    const q = vqLosses(a as tf.Tensor2D, b as tf.Tensor2D);
    return tf.addN([tf.sum(tf.mul(upstream, straightThrough(a, q.zq))), tf.mul(q.commitmentLoss, 0.25), q.codebookLoss]) as tf.Scalar;
  })([z, codebook]);
  return [value, ...grads];
}

type Layer = { kind: 'conv' | 'convTranspose'; input: number[]; filter: number[]; stride: 1 | 2; pad: 'same' | 'valid'; activation: 'relu' | 'linear' };
const layers: Layer[] = [
  { kind: 'conv', input: [2, 28, 28, 1], filter: [3, 3, 1, 8], stride: 2, pad: 'same', activation: 'relu' },
  { kind: 'conv', input: [2, 7, 7, 8], filter: [1, 1, 8, 4], stride: 1, pad: 'same', activation: 'linear' },
  { kind: 'convTranspose', input: [2, 7, 7, 4], filter: [3, 3, 6, 4], stride: 2, pad: 'same', activation: 'relu' },
  { kind: 'convTranspose', input: [2, 14, 14, 6], filter: [3, 3, 1, 6], stride: 2, pad: 'same', activation: 'linear' },
];

/** A layer's output and the gradients of sum(upstream ⊙ output) with respect to x, the filter and the bias. */
function layerWithGradients(layer: Layer) {
  return (x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor, upstream: tf.Tensor): tf.Tensor[] => {
    const [batch, height, width] = layer.input as [number, number, number];
    const outShape: [number, number, number, number] = [batch, height * layer.stride, width * layer.stride, layer.filter[2]!];
    const run = (a: tf.Tensor, f: tf.Tensor, b: tf.Tensor) =>
      layer.kind === 'conv'
        ? conv2dBiasActivation(a as tf.Tensor4D, f as tf.Tensor4D, b as tf.Tensor1D, layer.stride, layer.pad, layer.activation)
        : conv2dTransposeBiasActivation(a as tf.Tensor4D, f as tf.Tensor4D, b as tf.Tensor1D, outShape, layer.stride, layer.pad, layer.activation);
    const { value, grads } = tf.valueAndGrads((a: tf.Tensor, f: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(upstream, run(a, f, b))) as tf.Scalar)([x, filter, bias]);
    return [run(x, filter, bias), value, ...grads];
  };
}

/**
 * The gradients of an R1 VQ-VAE objective for every weight: encoder, quantiser, straight-through,
 * decoder, reconstruction and both auxiliary losses, with seeded weights, so both backends start alike.
 */
function r1Gradients(x: tf.Tensor): tf.Tensor[] {
  const { encoder, decoder } = networkPresets.r1;
  const networks = [buildNetwork(encoder, 1, 16, 1), buildNetwork(decoder, 16, 16, 1001)];
  const codebook = tf.variable(tf.randomUniform([128, 16], -0.05, 0.05, 'float32', 2000));
  const variables = [...networks.flat().flatMap(({ kernel, bias }) => [kernel, bias] as tf.Variable[]), codebook];
  const { value, grads } = tf.variableGrads(() => {
    const z = applyNetwork(networks[0]!, tf.sub(x, 0.5) as tf.Tensor4D);
    const flat = tf.reshape(z, [-1, 16]) as tf.Tensor2D;
    const q = vqLosses(flat, codebook as tf.Tensor as tf.Tensor2D);
    const decoded = applyNetwork(networks[1]!, tf.reshape(straightThrough(flat, q.zq), z.shape) as tf.Tensor4D);
    return tf.addN([tf.mean(tf.squaredDifference(tf.add(decoded, 0.5), x)), tf.mul(q.commitmentLoss, 0.25), q.codebookLoss]) as tf.Scalar;
  }, variables);
  const result = [value, ...variables.map((v) => grads[v.name]!)];
  networks.forEach(disposeNetwork);
  codebook.dispose();
  return result;
}

/** Kernels (tf.profile) and shader dispatches (calls of runWebGPUProgram) of one training step, after one to warm up. */
async function countStep(preset: 'r1' | 'tiny', batch: number): Promise<StepCount> {
  await tf.setBackend('webgpu');
  const model = VQVAE.create({ preset });
  const x = tf.tensor4d(uniform([batch, 28, 28, 1], 0, 1).values, [batch, 28, 28, 1]);
  await model.trainStep(x);
  const backend = tf.backend() as unknown as { runWebGPUProgram: (...args: unknown[]) => unknown };
  const original = backend.runWebGPUProgram;
  let dispatches = 0;
  const dispatchesByProgram: Record<string, number> = {};
  backend.runWebGPUProgram = function (this: unknown, ...args: unknown[]) {
    dispatches++;
    const program = args[0] as { shaderKey?: string; constructor: { name: string } };
    const name = program.constructor.name === 'Object' ? (program.shaderKey ?? 'Object') : program.constructor.name;
    dispatchesByProgram[name] = (dispatchesByProgram[name] ?? 0) + 1;
    return original.apply(this, args);
  };
  try {
    const profile = await tf.profile(async () => {
      await model.trainStep(x);
    });
    const names = profile.kernels.map((k) => k.name);
    const byName: Record<string, number> = {};
    for (const name of names) byName[name] = (byName[name] ?? 0) + 1;
    return { preset, batch, kernels: names.length, identities: byName.Identity ?? 0, dispatches, byName, dispatchesByProgram };
  } finally {
    backend.runWebGPUProgram = original;
    tf.dispose(x);
    model.dispose();
  }
}

window.runKernelChecks = async () => {
  await loadBackend('webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('the webgpu backend did not start');
  const registered = [NEAREST_CODE_LOOKUP, SUM_BY_CODE].every((name) => tf.getKernel(name, 'webgpu') !== undefined);
  const checks: Check[] = [];
  const lookup = (z: tf.Tensor, codebook: tf.Tensor) => {
    const { indices, zq } = nearestCodeLookup(z as tf.Tensor2D, codebook as tf.Tensor2D);
    return [indices, zq];
  };
  checks.push(await check('nearestCodeLookup, random 300×16 against 64 codes', [uniform([300, 16]), uniform([64, 16])], lookup));
  // Integer points: distances are exact, and many rows have several nearest codes; codes 6 and 7 repeat 1 and 2.
  const base = integers([6, 3], -2, 3);
  const withRepeats: Input = { shape: [8, 3], values: [...base.values, ...base.values.slice(3, 9)] };
  checks.push(await check('nearestCodeLookup, ties among integer points and repeated codes', [integers([200, 3], -2, 3), withRepeats], lookup));
  checks.push(await check('codeSums, 500×16 rows into 40 codes', [uniform([500, 16]), integers([500], 0, 40, 'int32')], (v, i) => [codeSums(v as tf.Tensor2D, i as tf.Tensor1D, 40)]));
  checks.push(await check('vqLosses and straightThrough, value and gradients for z and the codebook', [uniform([196, 16]), uniform([128, 16]), uniform([196, 16])], quantiserObjective));
  for (const layer of layers) {
    const outChannels = layer.kind === 'conv' ? layer.filter[3]! : layer.filter[2]!;
    const grow = layer.kind === 'conv' ? 1 / layer.stride : layer.stride;
    const outShape = [layer.input[0]!, Math.ceil(layer.input[1]! * grow), Math.ceil(layer.input[2]! * grow), outChannels];
    const name = `${layer.kind} ${layer.input.join('×')} * ${layer.filter.join('×')}, stride ${layer.stride}, ${layer.activation}: output and gradients`;
    checks.push(await check(name, [uniform(layer.input), uniform(layer.filter, -0.5, 0.5), uniform([outChannels], -0.5, 0.5), uniform(outShape)], layerWithGradients(layer)));
  }
  checks.push(await check('an R1 VQ-VAE objective: the loss and the gradient of every weight', [uniform([4, 28, 28, 1], 0, 1)], r1Gradients));
  const steps = [await countStep('r1', 8), await countStep('tiny', 8)];
  return { backend: tf.getBackend(), registered, checks, steps };
};
