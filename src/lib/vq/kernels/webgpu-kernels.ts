/**
 * The quantiser's kernels on TF.js's WebGPU backend, as WGSL compute programs.
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
import { NEAREST_CODE_LOOKUP, SUM_BY_CODE } from './names.ts';

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
type WebGpuBackend = { runWebGPUProgram(program: Program, inputs: tf.TensorInfo[], dtype: 'float32' | 'int32'): tf.TensorInfo };

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

/**
 * Registers the quantiser's WebGPU kernels (nearest-code search with its lookup, and the codebook's
 * gradient). Safe to call more than once, and before or after the webgpu backend starts; other backends
 * are not touched. The engine calls it when it loads the webgpu backend.
 */
export function registerWebGpuKernels(): void {
  const kernels: [string, tf.KernelFunc][] = [
    [NEAREST_CODE_LOOKUP, nearestCodeLookup as unknown as tf.KernelFunc],
    [SUM_BY_CODE, sumByCode as unknown as tf.KernelFunc],
  ];
  for (const [kernelName, kernelFunc] of kernels) {
    if (!tf.getKernel(kernelName, 'webgpu')) tf.registerKernel({ kernelName, backendName: 'webgpu', kernelFunc });
  }
}
