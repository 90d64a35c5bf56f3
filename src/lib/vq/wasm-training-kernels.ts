/**
 * Conv-net training on TF.js's wasm backend: possible, and fast.
 *
 * Stock tfjs-backend-wasm cannot train a conv net. It has no Conv2DBackpropFilter kernel, its
 * Conv2DBackpropInput (the input gradient of a convolution, and also the forward pass of every
 * transposed convolution) is a scalar loop about ten times slower than its XNNPACK Conv2D, and its Sum
 * over leading axes (every bias gradient) transposes the whole tensor first. This file replaces those
 * kernels for the wasm backend only, with compositions of what the backend does fast:
 *
 * - XNNPACK's matrix product (BatchMatMul with one batch, no transposes) and convolution (Conv2D) for
 *   all the arithmetic;
 * - plain JavaScript loops over the wasm heap for data movement (im2col, transposes, interleaving).
 *   The backend hands out Float32Array views of its heap, and a JIT-compiled copy loop moves data
 *   several times faster than the backend's generic Transpose and Slice kernels (Slice even copies its
 *   whole input first).
 *
 * Filter gradient: dW[(i,j,c), o] = Σ_n cols[n, (i,j,c)] · dy[n, o] over all output positions n, one
 * matrix product. XNNPACK repacks its right-hand operand on every call (a few ns per number, as costly as
 * the product itself when that operand is large), so the right-hand operand is whichever of dy [N, O] and
 * cols [N, k·k·C] is smaller, used as it lies in memory; the other one is written transposed by a loop.
 *
 * Input gradient: for stride s, output rows ≡ a and columns ≡ b (mod s) form a phase that is an ordinary
 * stride-1 convolution of dy with the kernel taps that reach it, flipped. Each phase is one XNNPACK Conv2D
 * and a loop interleaves the phases. With very few output channels (a decoder's last layer) XNNPACK's
 * convolution is poor, so there it is one matrix product dy · Wᵀ → [N, k·k·C] and a loop that adds the
 * k·k contributions of every output pixel (col2im).
 *
 * Identity shares its input's data instead of copying it, as the cpu backend's does: TF.js clones every
 * tensor it saves for the backward pass, and on stock wasm each clone is a full copy. Tensor data is never
 * written in place, so sharing is safe.
 *
 * Only tfjs-core is imported, and the wasm backend is reached through the kernel arguments, so this file
 * runs in Node, in a Worker and in a page alike, with or without wasm threads.
 */
import * as tf from './tf.ts';

type Info = tf.TensorInfo;
type KernelArgs = Parameters<tf.KernelFunc>[0];
type Pad = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;
type Conv2DInfo = tf.backend_util.Conv2DInfo;

/** The parts of tfjs-backend-wasm's BackendWasm used here (public methods, absent from KernelBackend's type). */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  /** A view of a tensor's data in the wasm heap, no copy. Invalid once the heap grows: take it after allocating. */
  typedArrayFromHeap(info: Info): Float32Array;
  disposeData(dataId: object, force?: boolean): boolean;
  incRef(dataId: object): void;
}

const BACKEND = 'wasm';
let registered = false;

/** Runs a registered wasm kernel directly (no tape, no engine bookkeeping: we are inside a kernel). */
function run(backend: WasmBackend, name: string, inputs: Record<string, Info>, attrs: object = {}): Info {
  const kernel = tf.getKernel(name, BACKEND);
  if (!kernel) throw new Error(`The wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs: inputs as tf.NamedTensorInfoMap, backend: backend as unknown as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap }) as Info;
}

/** The same data under another shape of the same size (the backend's Reshape does no more). */
function view(info: Info, shape: number[]): Info {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** x · y on XNNPACK: a [m, k] and b [k, n] in row-major order, result [m, n]. b is repacked on each call. */
function matMul(backend: WasmBackend, a: Info, b: Info, m: number, k: number, n: number): Info {
  return run(backend, 'BatchMatMul', { a: view(a, [1, m, k]), b: view(b, [1, k, n]) }, { transposeA: false, transposeB: false });
}

function convInfo(xShape: number[], filterShape: number[], strides: number | [number, number], pad: Pad, rounding: Rounding): Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    rounding,
    false,
    'channelsLast',
  );
}

// ---------------------------------------------------------------------------------------------------
// Filter gradient
// ---------------------------------------------------------------------------------------------------

/**
 * Conv2DBackpropFilter: dW [kh, kw, C, O] from x [B, H, W, C] and dy [B, OH, OW, O], as one product
 * colsᵀ · dy. A loop writes colsᵀ [k·k·C, N] (im2col, transposed); dy [N, O] is used as it lies, so the
 * product [k·k·C, O] is dW's own layout. (The other orientation, dyᵀ · cols, makes XNNPACK repack cols,
 * which is larger than dy in every layer we train, and measured two to three times slower.)
 */
function conv2DBackpropFilter(args: KernelArgs): Info {
  const backend = args.backend as unknown as WasmBackend;
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const { strides, pad, dimRoundingMode, filterShape, dataFormat } = args.attrs as unknown as {
    strides: number | [number, number];
    pad: Pad;
    dimRoundingMode?: Rounding;
    filterShape: [number, number, number, number];
    dataFormat: 'NHWC' | 'NCHW';
  };
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') throw new Error('Conv2DBackpropFilter on wasm supports float32 only');
  const info = convInfo(x.shape, filterShape, strides, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const n = batchSize * outHeight * outWidth;
  const taps = filterHeight * filterWidth * inChannels;
  // Channels first, so that each row of colsᵀ is read along image rows.
  const planes = inChannels === 1 ? x : channelsFirst(backend, x);
  const colsT = backend.makeOutput([taps, n], 'float32');
  const src = backend.typedArrayFromHeap(planes);
  const dst = backend.typedArrayFromHeap(colsT);
  const plane = inHeight * inWidth;
  for (let c = 0; c < inChannels; c++) {
    for (let i = 0; i < filterHeight; i++) {
      for (let j = 0; j < filterWidth; j++) {
        let at = ((i * filterWidth + j) * inChannels + c) * n;
        // The output columns q whose input column strideWidth·q + j − left lies inside the image.
        const qFirst = Math.min(outWidth, Math.max(0, Math.ceil((left - j) / strideWidth)));
        const qEnd = Math.max(qFirst, Math.min(outWidth, Math.floor((inWidth - 1 + left - j) / strideWidth) + 1));
        for (let b = 0; b < batchSize; b++) {
          const base = (c * batchSize + b) * plane;
          for (let p = 0; p < outHeight; p++, at += outWidth) {
            const y = strideHeight * p + i - top;
            if (y < 0 || y >= inHeight) {
              dst.fill(0, at, at + outWidth);
              continue;
            }
            const row = base + y * inWidth + j - left;
            for (let q = 0; q < qFirst; q++) dst[at + q] = 0;
            if (strideWidth === 1) {
              for (let q = qFirst; q < qEnd; q++) dst[at + q] = src[row + q];
            } else {
              for (let q = qFirst; q < qEnd; q++) dst[at + q] = src[row + strideWidth * q];
            }
            for (let q = qEnd; q < outWidth; q++) dst[at + q] = 0;
          }
        }
      }
    }
  }
  if (planes !== x) backend.disposeData(planes.dataId);
  const product = matMul(backend, colsT, dy, taps, n, outChannels);
  backend.disposeData(colsT.dataId);
  return view(product, [filterHeight, filterWidth, inChannels, outChannels]);
}

/** [B, H, W, C] → [C, B·H·W], in blocks of pixels small enough to stay in cache. */
function channelsFirst(backend: WasmBackend, x: Info): Info {
  const channels = x.shape[3];
  const pixels = x.shape[0] * x.shape[1] * x.shape[2];
  const out = backend.makeOutput([channels, pixels], 'float32');
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  const block = 256;
  for (let start = 0; start < pixels; start += block) {
    const end = Math.min(pixels, start + block);
    for (let c = 0; c < channels; c++) {
      const row = c * pixels;
      for (let k = start, from = start * channels + c; k < end; k++, from += channels) dst[row + k] = src[from];
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Input gradient
// ---------------------------------------------------------------------------------------------------

/** One axis of the phase split: for output positions s·q + a, the taps (flipped) and dy's padding. */
interface Phase {
  taps: number[];
  padBefore: number;
  padAfter: number;
}

/**
 * The phases of one axis, or null when they cannot be split evenly. Forward: y[o] = Σ_t x[s·o + t − pad]·w[t].
 * So dx[s·q + a] takes the taps t ≡ a + pad (mod s), t = first + s·m, against dy[q + d − m] with
 * d = (a + pad − first)/s: a stride-1 correlation of dy, padded by count − 1 − d before.
 */
function phasesOf(inSize: number, outSize: number, kernel: number, stride: number, pad: number): Phase[] | null {
  if (inSize % stride !== 0) return null;
  const perPhase = inSize / stride;
  const phases: Phase[] = [];
  for (let a = 0; a < stride; a++) {
    const first = (a + pad) % stride;
    const count = Math.ceil((kernel - first) / stride);
    if (count <= 0) return null;
    const d = (a + pad - first) / stride;
    const padBefore = count - 1 - d;
    const padAfter = perPhase + count - 1 - outSize - padBefore;
    if (padBefore < 0 || padAfter < 0) return null;
    phases.push({ taps: Array.from({ length: count }, (_, m) => first + stride * (count - 1 - m)), padBefore, padAfter });
  }
  return phases;
}

/** Conv2DBackpropInput: dx [B, H, W, C] from dy [B, OH, OW, O] and the forward filter [kh, kw, C, O]. */
function conv2DBackpropInput(args: KernelArgs, stock: tf.KernelFunc): Info {
  const backend = args.backend as unknown as WasmBackend;
  const { dy, filter } = args.inputs as { dy: Info; filter: Info };
  const { strides, pad, dimRoundingMode, inputShape, dataFormat } = args.attrs as unknown as {
    strides: number | [number, number];
    pad: Pad;
    dimRoundingMode?: Rounding;
    inputShape: [number, number, number, number];
    dataFormat: 'NHWC' | 'NCHW';
  };
  if (dataFormat === 'NCHW' || dy.dtype !== 'float32' || filter.dtype !== 'float32') return stock(args) as Info;
  const info = convInfo(inputShape, filter.shape, strides, pad, dimRoundingMode);
  // XNNPACK's convolution computes 8 output channels at a time: with fewer, most of its work is wasted.
  if (info.inChannels < 8) return inputGradientByCol2im(backend, dy, filter, info);
  const rows = phasesOf(info.inHeight, info.outHeight, info.filterHeight, info.strideHeight, info.padInfo.top);
  const columns = phasesOf(info.inWidth, info.outWidth, info.filterWidth, info.strideWidth, info.padInfo.left);
  if (!rows || !columns) return inputGradientByCol2im(backend, dy, filter, info);
  return inputGradientByPhases(backend, dy, filter, info, rows, columns);
}

/** The phase split: one XNNPACK Conv2D per phase, interleaved by a loop. */
function inputGradientByPhases(backend: WasmBackend, dy: Info, filter: Info, info: Conv2DInfo, rows: Phase[], columns: Phase[]): Info {
  const { batchSize, inHeight, inWidth, inChannels, outChannels, filterWidth, strideHeight, strideWidth } = info;
  const results: Info[] = [];
  for (const row of rows) {
    for (const column of columns) {
      // The phase's kernel: its taps, flipped, in and out swapped: [taps_h, taps_w, O, C].
      const kernel = backend.makeOutput([row.taps.length, column.taps.length, outChannels, inChannels], 'float32');
      const weights = backend.typedArrayFromHeap(filter);
      const sub = backend.typedArrayFromHeap(kernel);
      let at = 0;
      for (const th of row.taps) {
        for (const tw of column.taps) {
          const base = (th * filterWidth + tw) * inChannels * outChannels;
          for (let o = 0; o < outChannels; o++) for (let c = 0; c < inChannels; c++) sub[at++] = weights[base + c * outChannels + o];
        }
      }
      const padding = [[0, 0], [row.padBefore, row.padAfter], [column.padBefore, column.padAfter], [0, 0]];
      results.push(run(backend, 'Conv2D', { x: dy, filter: kernel }, { strides: 1, dilations: 1, dataFormat: 'NHWC', pad: padding, dimRoundingMode: undefined }));
      backend.disposeData(kernel.dataId);
    }
  }
  if (results.length === 1) return view(results[0], info.inShape);
  // Phase (a, b) holds dx[:, s·q + a, s·r + b, :]: copy each pixel's channels into place.
  const dx = backend.makeOutput(info.inShape, 'float32');
  const out = backend.typedArrayFromHeap(dx);
  const phaseHeight = inHeight / strideHeight;
  const phaseWidth = inWidth / strideWidth;
  results.forEach((result, index) => {
    const a = Math.floor(index / strideWidth);
    const b = index % strideWidth;
    const src = backend.typedArrayFromHeap(result);
    let from = 0;
    for (let image = 0; image < batchSize; image++) {
      for (let q = 0; q < phaseHeight; q++) {
        let to = ((image * inHeight + strideHeight * q + a) * inWidth + b) * inChannels;
        for (let r = 0; r < phaseWidth; r++, to += strideWidth * inChannels) {
          for (let c = 0; c < inChannels; c++) out[to + c] = src[from++];
        }
      }
    }
    backend.disposeData(result.dataId);
  });
  return dx;
}

/**
 * dy · Wᵀ → z [N, k·k·C] (one XNNPACK product; W is small, so repacking it is cheap), then every tap's
 * contribution is added into place: dx[b, s·p + i − top, s·q + j − left, c] += z[b, p, q, (i, j, c)].
 * Works for any stride and padding.
 */
function inputGradientByCol2im(backend: WasmBackend, dy: Info, filter: Info, info: Conv2DInfo): Info {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const { top, left } = info.padInfo;
  const taps = filterHeight * filterWidth * inChannels;
  // z's rows padded to a multiple of 8 with zero weights: XNNPACK computes 8 columns at a time anyway,
  // and measured faster so.
  const width = Math.ceil(taps / 8) * 8;
  const weightsT = backend.makeOutput([outChannels, width], 'float32'); // Wᵀ from W [k, k, C, O]
  {
    const w = backend.typedArrayFromHeap(filter);
    const t = backend.typedArrayFromHeap(weightsT);
    t.fill(0);
    for (let k = 0; k < taps; k++) for (let o = 0; o < outChannels; o++) t[o * width + k] = w[k * outChannels + o];
  }
  const z = matMul(backend, dy, weightsT, batchSize * outHeight * outWidth, outChannels, width);
  backend.disposeData(weightsT.dataId);
  const dx = backend.makeOutput(info.inShape, 'float32');
  const src = backend.typedArrayFromHeap(z);
  const out = backend.typedArrayFromHeap(dx);
  out.fill(0);
  for (let b = 0; b < batchSize; b++) {
    for (let p = 0; p < outHeight; p++) {
      const row = (b * outHeight + p) * outWidth * width;
      for (let i = 0; i < filterHeight; i++) {
        const y = strideHeight * p + i - top;
        if (y < 0 || y >= inHeight) continue;
        for (let j = 0; j < filterWidth; j++) {
          // The dy columns q whose tap j lands inside the image: x = strideWidth·q + j − left.
          const qFirst = Math.min(outWidth, Math.max(0, Math.ceil((left - j) / strideWidth)));
          const qEnd = Math.max(qFirst, Math.min(outWidth, Math.floor((inWidth - 1 + left - j) / strideWidth) + 1));
          const to = ((b * inHeight + y) * inWidth + j - left) * inChannels;
          const from = row + (i * filterWidth + j) * inChannels;
          if (inChannels === 1) {
            for (let q = qFirst; q < qEnd; q++) out[to + strideWidth * q] += src[from + q * width];
          } else {
            for (let q = qFirst; q < qEnd; q++) {
              const o = to + strideWidth * q * inChannels;
              const f = from + q * width;
              for (let c = 0; c < inChannels; c++) out[o + c] += src[f + c];
            }
          }
        }
      }
    }
  }
  backend.disposeData(z.dataId);
  return dx;
}

// ---------------------------------------------------------------------------------------------------
// Sum over leading axes (bias gradients)
// ---------------------------------------------------------------------------------------------------

/**
 * Sum over the leading axes of a float32 tensor, as every bias gradient is ([B, H, W, C] → [C]), by one pass
 * with float64 accumulators. Stock wasm transposes the whole tensor first. Other sums go to the stock kernel.
 */
function sum(args: KernelArgs, stock: tf.KernelFunc): Info {
  const backend = args.backend as unknown as WasmBackend;
  const { x } = args.inputs as { x: Info };
  const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
  const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
  const leading = axes.length > 0 && axes.length < x.shape.length && axes.every((a, i) => a === i);
  if (!leading || x.dtype !== 'float32' || tf.util.sizeFromShape(x.shape) < 1024) return stock(args) as Info;
  const kept = x.shape.slice(axes.length);
  const width = tf.util.sizeFromShape(kept);
  const rows = tf.util.sizeFromShape(x.shape) / width;
  const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
  const src = backend.typedArrayFromHeap(x);
  const acc = new Float64Array(width);
  for (let r = 0, at = 0; r < rows; r++, at += width) for (let c = 0; c < width; c++) acc[c] += src[at + c];
  backend.typedArrayFromHeap(out).set(acc);
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------------------------------

/** Replaces a wasm kernel, keeping the stock setup (the stock function stays usable as a fallback). */
function override(name: string, make: (stock: tf.KernelConfig) => tf.KernelFunc): void {
  const stock = tf.getKernel(name, BACKEND);
  if (!stock) return;
  tf.unregisterKernel(name, BACKEND);
  tf.registerKernel({ kernelName: name, backendName: BACKEND, setupFunc: stock.setupFunc, disposeFunc: stock.disposeFunc, kernelFunc: make(stock) });
}

/**
 * Registers the wasm training kernels: Conv2DBackpropFilter (missing from stock wasm), and faster
 * Conv2DBackpropInput, Sum over leading axes and Identity. Idempotent. Does nothing when
 * tfjs-backend-wasm has not been imported (call it again after importing it); other backends are never
 * touched. Works whether or not the wasm backend has started, and with or without wasm threads.
 */
export function registerWasmTrainingKernels(): void {
  if (registered || !tf.getKernel('Conv2D', BACKEND) || !tf.getKernel('BatchMatMul', BACKEND)) return;
  registered = true;
  override('Conv2DBackpropInput', (stock) => (args) => conv2DBackpropInput(args, stock.kernelFunc));
  override('Sum', (stock) => (args) => sum(args, stock.kernelFunc));
  override('Identity', (stock) => (args) => {
    const { x } = args.inputs as { x: Info };
    if (x.dtype === 'string') return stock.kernelFunc(args);
    (args.backend as unknown as WasmBackend).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  });
  // Replace one registered earlier (such as an older version of these kernels) too.
  if (tf.getKernel('Conv2DBackpropFilter', BACKEND)) tf.unregisterKernel('Conv2DBackpropFilter', BACKEND);
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: conv2DBackpropFilter });
}
