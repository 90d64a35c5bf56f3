/**
 * The project's kernels on TF.js's cpu backend, in plain JS. They round to float32 exactly where the
 * stock composition's kernels do (each kernel stores float32; sums and dot products run in doubles
 * within a kernel, and BatchMatMul adds its 48-wide blocks into a float32 result), so on cpu the fused
 * ops give the same bits as the composition they replace, and training runs are unchanged there.
 */
import * as tf from '../tf.ts';
import { BIAS_ACTIVATION, BIAS_ACTIVATION_GRAD, NEAREST_CODE_LOOKUP, SUM_BY_CODE } from './names.ts';

/** The parts of the cpu backend these kernels use. */
type CpuBackend = {
  readSync(dataId: object): Float32Array | Int32Array;
  incRef(dataId: object): void;
  makeTensorInfo(shape: number[], dtype: 'float32' | 'int32', values: Float32Array | Int32Array): tf.TensorInfo;
};

/** The cpu backend's BatchMatMul block size: its k-loop adds one block's sum to the float32 result at a time. */
const BLOCK = 48;
const f32 = Math.fround;

/** Σ v² of a row, as Square then Sum: each square rounded, the sum in a double, the result rounded. */
function squaredNorm(values: Float32Array, offset: number, length: number): number {
  let sum = 0;
  for (let d = 0; d < length; d++) sum += f32(values[offset + d]! * values[offset + d]!);
  return f32(sum);
}

/** z·e as BatchMatMul forms it. */
function dot(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, length: number): number {
  let result = 0;
  for (let k0 = 0; k0 < length; k0 += BLOCK) {
    let sum = 0;
    for (let k = k0; k < Math.min(k0 + BLOCK, length); k++) sum += a[aOffset + k]! * b[bOffset + k]!;
    result = f32(result + sum);
  }
  return result;
}

function nearestCodeLookup({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo[] {
  const { z, codebook } = inputs as { z: tf.TensorInfo; codebook: tf.TensorInfo };
  const cpu = backend as CpuBackend;
  const [count, dim] = z.shape as [number, number];
  const codes = codebook.shape[0]!;
  const zValues = cpu.readSync(z.dataId) as Float32Array;
  const codeValues = cpu.readSync(codebook.dataId) as Float32Array;
  const codeNorms = Float64Array.from({ length: codes }, (_, k) => squaredNorm(codeValues, k * dim, dim));
  const indices = new Int32Array(count);
  const rows = new Float32Array(count * dim);
  for (let n = 0; n < count; n++) {
    const zNorm = squaredNorm(zValues, n * dim, dim);
    // ArgMin's rule: the first value, then any strictly smaller one (so ties keep the lowest index).
    let best = 0;
    let bestDistance = NaN;
    for (let k = 0; k < codes; k++) {
      const distance = f32(f32(zNorm - f32(2 * dot(zValues, n * dim, codeValues, k * dim, dim))) + codeNorms[k]!);
      if (k === 0 || distance < bestDistance) {
        best = k;
        bestDistance = distance;
      }
    }
    indices[n] = best;
    rows.set(codeValues.subarray(best * dim, best * dim + dim), n * dim);
  }
  return [cpu.makeTensorInfo([count], 'int32', indices), cpu.makeTensorInfo([count, dim], 'float32', rows)];
}

function sumByCode({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { values, indices } = inputs as { values: tf.TensorInfo; indices: tf.TensorInfo };
  const codes = (attrs as { numCodes: number }).numCodes;
  const cpu = backend as CpuBackend;
  const [count, dim] = values.shape as [number, number];
  const rows = cpu.readSync(values.dataId) as Float32Array;
  const assigned = cpu.readSync(indices.dataId) as Int32Array;
  // As the composition's one-hot matmul: each 48-row block summed in doubles, then added in float32.
  const result = new Float32Array(codes * dim);
  const block = new Float64Array(codes * dim);
  for (let n0 = 0; n0 < count; n0 += BLOCK) {
    block.fill(0);
    const touched = new Set<number>();
    for (let n = n0; n < Math.min(n0 + BLOCK, count); n++) {
      const k = assigned[n]!;
      if (k < 0 || k >= codes) continue; // a one-hot row of zeros, as tf.oneHot gives
      touched.add(k);
      for (let d = 0; d < dim; d++) block[k * dim + d] += rows[n * dim + d]!;
    }
    for (const k of touched) for (let d = 0; d < dim; d++) result[k * dim + d] = f32(result[k * dim + d]! + block[k * dim + d]!);
  }
  return cpu.makeTensorInfo([codes, dim], 'float32', result);
}

/** As Add then Relu: the sum rounded to float32, negatives to 0, NaN kept. */
function biasActivation({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, bias } = inputs as { x: tf.TensorInfo; bias: tf.TensorInfo };
  const relu = (attrs as { activation: string }).activation === 'relu';
  const cpu = backend as CpuBackend;
  const values = cpu.readSync(x.dataId) as Float32Array;
  const offsets = cpu.readSync(bias.dataId) as Float32Array;
  const channels = offsets.length;
  const result = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const sum = f32(values[i]! + offsets[i % channels]!);
    result[i] = relu ? Math.max(0, sum) : sum;
  }
  return cpu.makeTensorInfo(x.shape, 'float32', result);
}

/** As Multiply(dy, Step(y)) then Sum over batch, rows and columns: Step(NaN) is NaN, each channel summed in a double. */
function biasActivationGrad({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo[] {
  const { dy, y } = inputs as { dy: tf.TensorInfo; y: tf.TensorInfo };
  const relu = (attrs as { activation: string }).activation === 'relu';
  const cpu = backend as CpuBackend;
  const channels = dy.shape[dy.shape.length - 1]!;
  const gradient = cpu.readSync(dy.dataId) as Float32Array;
  let masked: tf.TensorInfo;
  let values: Float32Array;
  if (relu) {
    const outputs = cpu.readSync(y.dataId) as Float32Array;
    values = new Float32Array(gradient.length);
    for (let i = 0; i < values.length; i++) {
      const v = outputs[i]!;
      values[i] = Number.isNaN(v) ? NaN : v > 0 ? gradient[i]! : gradient[i]! * 0;
    }
    masked = cpu.makeTensorInfo(dy.shape, 'float32', values);
  } else {
    values = gradient;
    cpu.incRef(dy.dataId);
    masked = { dataId: dy.dataId, shape: dy.shape, dtype: 'float32' };
  }
  const sums = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let i = c; i < values.length; i += channels) sum += values[i]!;
    sums[c] = sum;
  }
  return [masked, cpu.makeTensorInfo([channels], 'float32', sums)];
}

let registered = false;

/** Registers the project's cpu kernels. Safe to call more than once; the cpu backend need not be loaded. */
export function registerCpuKernels(): void {
  if (registered) return;
  registered = true;
  const kernels: [string, unknown][] = [
    [NEAREST_CODE_LOOKUP, nearestCodeLookup],
    [SUM_BY_CODE, sumByCode],
    [BIAS_ACTIVATION, biasActivation],
    [BIAS_ACTIVATION_GRAD, biasActivationGrad],
  ];
  for (const [kernelName, kernelFunc] of kernels) {
    if (!tf.getKernel(kernelName, 'cpu')) tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc: kernelFunc as tf.KernelFunc });
  }
}
