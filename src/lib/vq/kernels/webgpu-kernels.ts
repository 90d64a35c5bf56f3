/**
 * The project's kernels on TF.js's WebGPU backend, as WGSL compute programs.
 *
 * The backend is reached through the `backend` object that TF.js hands a kernel (duck-typed: its
 * `runWebGPUProgram`), so this file imports nothing from @tensorflow/tfjs-backend-webgpu and the model
 * module stays tfjs-core only. A program object is what that backend compiles: it prepends the buffer
 * bindings (`result`, then one array per entry of `variableNames`), a `uniforms` struct with every
 * shape (`<name>Shape`, `outShape`) and, with `size`, the output's element count, and calls
 * `main(index)` once per output element for a flat dispatch layout.
 *
 * NearestCodeLookup is two dispatches where the stock composition takes about a dozen: one program
 * finds each row's nearest code (norms, dot products and the argmin in one pass over the codebook),
 * one copies the chosen codes out. A program has a single output buffer, so the int32 indices and the
 * float rows cannot come out of one dispatch without a packed buffer and two slicing dispatches.
 */
import * as tf from '../tf.ts';
import { BIAS_ACTIVATION, BIAS_ACTIVATION_GRAD, NEAREST_CODE_LOOKUP, SUM_BY_CODE } from './names.ts';

/** What the WebGPU backend compiles and runs. */
type Program = {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  variableNames: string[];
  size: boolean;
  getUserCode(): string;
};
/** The part of the WebGPU backend a kernel uses. */
type WebGpuBackend = { runWebGPUProgram(program: Program, inputs: tf.TensorInfo[], dtype: 'float32' | 'int32'): tf.TensorInfo; incRef(dataId: object): void };

const WORKGROUP = 64;

/** A program with one invocation per output element, over a flat index. */
function flatProgram(shaderKey: string, outputShape: number[], variableNames: string[], body: string): Program {
  const size = outputShape.reduce((a, b) => a * b, 1);
  return {
    outputShape,
    shaderKey,
    dispatchLayout: { x: outputShape.map((_, i) => i) },
    dispatch: [Math.ceil(size / WORKGROUP), 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    variableNames,
    size: true,
    getUserCode: () => `fn main(index : i32) {\n  if (index >= uniforms.size) { return; }\n${body}\n}`,
  };
}

// The distance is formed as the stock composition forms it, (‖z‖² − 2 z·e) + ‖e‖², so both pick
// the same code up to float rounding; exact ties (duplicate codes) go to the lowest index, as ArgMin's.
const nearestCodeBody = `
  let dim = uniforms.latentsShape.y;
  let codeCount = uniforms.codesShape.x;
  let row = index * dim;
  var zNorm = 0.0;
  for (var d = 0; d < dim; d++) {
    let v = latents[row + d];
    zNorm = zNorm + v * v;
  }
  var best = 0;
  var bestDistance = 0.0;
  for (var k = 0; k < codeCount; k++) {
    let code = k * dim;
    var cross = 0.0;
    var codeNorm = 0.0;
    for (var d = 0; d < dim; d++) {
      let e = codes[code + d];
      cross = cross + latents[row + d] * e;
      codeNorm = codeNorm + e * e;
    }
    let distance = (zNorm - 2.0 * cross) + codeNorm;
    if (k == 0 || distance < bestDistance) {
      best = k;
      bestDistance = distance;
    }
  }
  result[index] = best;`;

const gatherRowsBody = `
  let dim = uniforms.outShape.y;
  let n = index / dim;
  let d = index - n * dim;
  result[index] = codes[indices[n] * dim + d];`;

// One invocation per (code, dimension), each reading every row's index: no atomics (WGSL has no float
// atomics), one dispatch, and a fixed summation order, so the result does not vary run to run.
const sumByCodeBody = `
  let dim = uniforms.outShape.y;
  let k = index / dim;
  let d = index - k * dim;
  let count = uniforms.indicesShape;
  var sum = 0.0;
  for (var n = 0; n < count; n++) {
    if (indices[n] == k) {
      sum = sum + values[n * dim + d];
    }
  }
  result[index] = sum;`;

function nearestCodeLookup({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo[] {
  const { z, codebook } = inputs as { z: tf.TensorInfo; codebook: tf.TensorInfo };
  const gpu = backend as WebGpuBackend;
  const [count, dim] = z.shape as [number, number];
  const indices = gpu.runWebGPUProgram(flatProgram('vqNearestCode', [count], ['latents', 'codes'], nearestCodeBody), [z, codebook], 'int32');
  const rows = gpu.runWebGPUProgram(flatProgram('vqGatherRows', [count, dim], ['codes', 'indices'], gatherRowsBody), [codebook, indices], 'float32');
  return [indices, rows];
}

function sumByCode({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { values, indices } = inputs as { values: tf.TensorInfo; indices: tf.TensorInfo };
  const codes = (attrs as { numCodes: number }).numCodes;
  const program = flatProgram('vqSumByCode', [codes, values.shape[1]!], ['values', 'indices'], sumByCodeBody);
  return (backend as WebGpuBackend).runWebGPUProgram(program, [values, indices], 'float32');
}

// ReLU keeps NaN (NaN < 0 is false), as Relu does, so a non-finite step stays visible to the guard.
const biasActivationBody = (relu: boolean) => `
  let v = x[index] + bias[index % uniforms.biasShape];
  result[index] = ${relu ? 'select(v, 0.0, v < 0.0)' : 'v'};`;

// dy where the output is positive, 0 elsewhere, NaN where the output is NaN (as Step(NaN) is NaN).
const reluMaskBody = `
  let v = activations[index];
  if (isnan(v)) {
    result[index] = v;
  } else {
    result[index] = select(0.0, dy[index], v > 0.0);
  }`;

/**
 * Sums of values [P,C] over P, one workgroup per channel: each invocation strides over the positions,
 * then the workgroup adds its partial sums in shared memory. The stock Sum over axes 0..2 of an NHWC
 * tensor first transposes it, one dispatch more.
 */
function channelSumsProgram(channels: number): Program {
  return {
    outputShape: [channels],
    shaderKey: 'vqChannelSums',
    dispatchLayout: { x: [0] },
    dispatch: [channels, 1, 1],
    workgroupSize: [WORKGROUP, 1, 1],
    variableNames: ['values'],
    size: true,
    getUserCode: () => `
      var<workgroup> partial : array<f32, ${WORKGROUP}>;
      fn main(index : i32) {
        let channel = index / ${WORKGROUP};
        let local = i32(localId.x);
        let positions = uniforms.valuesShape.x;
        let width = uniforms.valuesShape.y;
        var sum = 0.0;
        if (channel < uniforms.size) {
          for (var p = local; p < positions; p = p + ${WORKGROUP}) {
            sum = sum + values[p * width + channel];
          }
        }
        partial[local] = sum;
        workgroupBarrier();
        for (var stride = ${WORKGROUP / 2}; stride > 0; stride = stride / 2) {
          if (local < stride) {
            partial[local] = partial[local] + partial[local + stride];
          }
          workgroupBarrier();
        }
        if (local == 0 && channel < uniforms.size) {
          result[channel] = partial[0];
        }
      }`,
  };
}

function biasActivation({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, bias } = inputs as { x: tf.TensorInfo; bias: tf.TensorInfo };
  const relu = (attrs as { activation: string }).activation === 'relu';
  const program = flatProgram(relu ? 'vqBiasRelu' : 'vqBias', x.shape, ['x', 'bias'], biasActivationBody(relu));
  return (backend as WebGpuBackend).runWebGPUProgram(program, [x, bias], 'float32');
}

function biasActivationGrad({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const { dy, y } = inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  const gpu = backend as WebGpuBackend;
  let masked: tf.TensorInfo;
  if ((attrs as { activation: string }).activation === 'relu') {
    masked = gpu.runWebGPUProgram(flatProgram('vqReluMask', dy.shape, ['dy', 'activations'], reluMaskBody), [dy, y], 'float32');
  } else {
    gpu.incRef(dy.dataId);
    masked = { dataId: dy.dataId, shape: dy.shape, dtype: 'float32' };
  }
  const channels = dy.shape[dy.shape.length - 1]!;
  const positions = dy.shape.reduce((a, b) => a * b, 1) / channels;
  // The same buffer read as [P,C]: a program sees a tensor's shape only through its uniforms.
  const rows = { dataId: masked.dataId, shape: [positions, channels], dtype: 'float32' as const };
  return [masked, gpu.runWebGPUProgram(channelSumsProgram(channels), [rows], 'float32')];
}

/**
 * Registers the project's WebGPU kernels (nearest-code search with its lookup, the codebook's gradient,
 * and the conv layers' bias and ReLU, forward and backward). Safe to call more than once, and before or after the webgpu backend starts; other backends
 * are not touched. The engine calls it when it loads the webgpu backend.
 */
export function registerWebGpuKernels(): void {
  const kernels: [string, tf.KernelFunc][] = [
    [NEAREST_CODE_LOOKUP, nearestCodeLookup as unknown as tf.KernelFunc],
    [SUM_BY_CODE, sumByCode as unknown as tf.KernelFunc],
    [BIAS_ACTIVATION, biasActivation as unknown as tf.KernelFunc],
    [BIAS_ACTIVATION_GRAD, biasActivationGrad as unknown as tf.KernelFunc],
  ];
  for (const [kernelName, kernelFunc] of kernels) {
    if (!tf.getKernel(kernelName, 'webgpu')) tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc });
  }
}
