/**
 * Conv-net training on TF.js's wasm backend, made possible and fast.
 *
 * Stock tfjs-backend-wasm cannot train a conv net: it has no Conv2DBackpropFilter kernel, and its
 * Conv2DBackpropInput (which is also the forward pass of every transposed convolution) is a plain
 * scalar loop, about ten times slower than its Conv2D, which runs on XNNPACK. Both gradients are
 * convolutions in disguise, so here they are rewritten as Conv2D calls, and XNNPACK does the work:
 *
 * - Input gradient, stride s: each of the s×s output phases (rows ≡ a, columns ≡ b mod s) is an
 *   ordinary stride-1 convolution of dy with the kernel taps that reach that phase, flipped. The phases
 *   are then interleaved by a concat, a stack and a reshape (no strided slicing, which is slow on wasm).
 * - Filter gradient: with batch and channels swapped, dW is a convolution of x with dy as the kernel,
 *   dilated by the forward stride: dW[i,j,c,o] = Σ_{b,p,q} x[b, s·p+i, s·q+j, c] · dy[b,p,q,o].
 *
 * - Identity shares its input's data instead of copying it, as the cpu backend's does. TF.js clones
 *   every input it saves for the backward pass, and on stock wasm each clone is a full copy: about a
 *   tenth of a training step. Tensor data is never written in place, so sharing is safe.
 *
 * Only tfjs-core is imported: the kernels are composed from the wasm backend's registered ones, so this
 * file belongs to the model module and runs in Node, in a Worker and in a page alike.
 */
import * as tf from './tf.ts';

/** What kernels receive as tensors: data ids that the backend owns. */
type Info = tf.TensorInfo;
type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];
/** The parts of the wasm backend this file uses. */
type WasmBackend = Omit<tf.KernelBackend, 'readSync'> & {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset?: number, values?: Float32Array): Info;
  readSync(dataId: object): Float32Array;
};

const BACKEND = 'wasm';
let registered = false;

/** Runs another registered wasm kernel. */
function run(backend: WasmBackend, name: string, inputs: Record<string, Info> | Info[], attrs: Record<string, unknown> = {}): Info {
  const kernel = tf.getKernel(name, BACKEND);
  if (!kernel) throw new Error(`The wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs: inputs as unknown as tf.NamedTensorInfoMap, backend, attrs: attrs as tf.NamedAttrMap }) as Info;
}

/** Frees intermediate results. Reshape shares data and counts references, so each is freed once. */
function free(backend: WasmBackend, infos: Info[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** One axis of the input gradient's phase split: the taps, flipped, and the padding of one phase. */
type Phase = { taps: number[]; padBefore: number; padAfter: number };

/**
 * For output phase a of an axis (positions i = s·q + a of the input gradient), the forward taps t that
 * reach it satisfy s·o + t − pad = i. Returns them in the order a stride-1 correlation over dy needs,
 * with dy's padding, or null if the phases cannot be split evenly (then the stock kernel is used).
 */
function phasesOf(inSize: number, outSize: number, kernel: number, stride: number, pad: number): Phase[] | null {
  if (inSize % stride !== 0) return null;
  const perPhase = inSize / stride;
  const phases: Phase[] = [];
  for (let a = 0; a < stride; a++) {
    const first = (a + pad) % stride;
    const count = Math.ceil((kernel - first) / stride);
    if (count <= 0) return null;
    const shift = (a + pad - first) / stride - count + 1;
    const padBefore = -shift;
    const padAfter = perPhase + count - 1 - outSize - padBefore;
    if (padBefore < 0 || padAfter < 0) return null;
    phases.push({ taps: Array.from({ length: count }, (_, j) => first + stride * (count - 1 - j)), padBefore, padAfter });
  }
  return phases;
}

/** Conv2DBackpropInput as s×s stride-1 Conv2D calls (see the file comment). */
function conv2DBackpropInput(
  args: { inputs: tf.NamedTensorInfoMap; backend: WasmBackend; attrs: tf.NamedAttrMap },
  stock: tf.KernelConfig['kernelFunc'],
): Info {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs as { dy: Info; filter: Info };
  const { strides, pad, dimRoundingMode, inputShape, dataFormat } = attrs as unknown as {
    strides: number | [number, number];
    pad: Pad;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
    dataFormat: 'NHWC' | 'NCHW';
  };
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const rows = phasesOf(info.inHeight, info.outHeight, info.filterHeight, info.strideHeight, info.padInfo.top);
  const columns = phasesOf(info.inWidth, info.outWidth, info.filterWidth, info.strideWidth, info.padInfo.left);
  if (dataFormat === 'NCHW' || !rows || !columns) return stock(args) as Info;

  const { inChannels, outChannels } = info;
  const weights = backend.readSync(filter.dataId); // [kh, kw, in, out], a few thousand numbers
  const temporaries: Info[] = [];
  const rowResults: Info[] = [];
  for (const row of rows) {
    const phaseResults: Info[] = [];
    for (const column of columns) {
      // The phase's kernel: its taps, flipped, with in and out swapped, as [taps_h, taps_w, out, in].
      const sub = new Float32Array(row.taps.length * column.taps.length * outChannels * inChannels);
      let at = 0;
      for (const th of row.taps) {
        for (const tw of column.taps) {
          const base = (th * info.filterWidth + tw) * inChannels * outChannels;
          for (let o = 0; o < outChannels; o++) for (let c = 0; c < inChannels; c++) sub[at++] = weights[base + c * outChannels + o];
        }
      }
      const kernel = backend.makeOutput([row.taps.length, column.taps.length, outChannels, inChannels], 'float32', undefined, sub);
      const phase = run(backend, 'Conv2D', { x: dy, filter: kernel }, {
        strides: 1,
        dilations: 1,
        dataFormat: 'NHWC',
        pad: [[0, 0], [row.padBefore, row.padAfter], [column.padBefore, column.padAfter], [0, 0]],
      });
      temporaries.push(kernel, phase);
      phaseResults.push(phase);
    }
    if (phaseResults.length === 1) {
      rowResults.push(phaseResults[0]);
    } else {
      const joined = run(backend, 'Concat', phaseResults, { axis: 3 });
      temporaries.push(joined);
      rowResults.push(joined);
    }
  }
  // [B, H/s, W/s, s·C] per row phase → stacked [B, H/s, s, W/s, s·C] → [B, H, W, C]: the interleave.
  let result: Info;
  if (rowResults.length === 1 && columns.length === 1) {
    result = run(backend, 'Identity', { x: rowResults[0] });
  } else {
    const stacked = rowResults.length === 1 ? rowResults[0] : run(backend, 'Pack', rowResults, { axis: 2 });
    if (stacked !== rowResults[0]) temporaries.push(stacked);
    result = run(backend, 'Reshape', { x: stacked }, { shape: info.inShape });
  }
  free(backend, temporaries);
  return result;
}

/** Conv2DBackpropFilter as one dilated Conv2D with batch and channels swapped (see the file comment). */
function conv2DBackpropFilter(args: { inputs: tf.NamedTensorInfoMap; backend: WasmBackend; attrs: tf.NamedAttrMap }): Info {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs as { x: Info; dy: Info };
  const { strides, pad, dimRoundingMode, filterShape, dataFormat } = attrs as unknown as {
    strides: number | [number, number];
    pad: Pad;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
    dataFormat: 'NHWC' | 'NCHW';
  };
  if (dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const { top, left } = info.padInfo;
  // Padding after the input so that the dilated kernel (dy) fits exactly filterHeight × filterWidth times.
  const bottom = info.filterHeight + (info.outHeight - 1) * info.strideHeight - info.inHeight - top;
  const right = info.filterWidth + (info.outWidth - 1) * info.strideWidth - info.inWidth - left;

  const temporaries: Info[] = [];
  let channelsFirst = run(backend, 'Transpose', { x }, { perm: [3, 1, 2, 0] }); // [C, H, W, B]
  temporaries.push(channelsFirst);
  if (bottom < 0 || right < 0) {
    // Rows or columns the forward pass never read: cut them rather than pad negatively.
    const [c, h, w, b] = channelsFirst.shape;
    channelsFirst = run(backend, 'Slice', { x: channelsFirst }, { begin: [0, 0, 0, 0], size: [c, h + Math.min(bottom, 0), w + Math.min(right, 0), b] });
    temporaries.push(channelsFirst);
  }
  const kernel = run(backend, 'Transpose', { x: dy }, { perm: [1, 2, 0, 3] }); // [OH, OW, B, O]
  const gradient = run(backend, 'Conv2D', { x: channelsFirst, filter: kernel }, {
    strides: 1,
    dilations: [info.strideHeight, info.strideWidth],
    dataFormat: 'NHWC',
    pad: [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]],
  }); // [C, kh, kw, O]
  temporaries.push(kernel, gradient);
  const result = run(backend, 'Transpose', { x: gradient }, { perm: [1, 2, 0, 3] });
  free(backend, temporaries);
  return result;
}

/**
 * Registers the wasm training kernels: a Conv2DBackpropFilter, which stock wasm lacks, a faster
 * Conv2DBackpropInput, and an Identity that does not copy. Safe to call more than once, and before or after the wasm backend starts; does
 * nothing where tfjs-backend-wasm is not loaded. Other backends are not touched.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  const stockInput = tf.getKernel('Conv2DBackpropInput', BACKEND);
  if (!stockInput || !tf.getKernel('Conv2D', BACKEND)) return;
  registered = true;
  tf.unregisterKernel('Conv2DBackpropInput', BACKEND);
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: BACKEND,
    // The stock kernel's setup, so the fallback works even when this runs before the backend starts.
    setupFunc: stockInput.setupFunc,
    kernelFunc: (args) => conv2DBackpropInput(args as Parameters<typeof conv2DBackpropInput>[0], stockInput.kernelFunc),
  });
  const stockIdentity = tf.getKernel('Identity', BACKEND);
  tf.unregisterKernel('Identity', BACKEND);
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: BACKEND,
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: Info };
      if (x.dtype === 'string' || !stockIdentity) return stockIdentity!.kernelFunc(args);
      (args.backend as WasmBackend & { incRef(dataId: object): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  if (!tf.getKernel('Conv2DBackpropFilter', BACKEND)) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName: BACKEND, kernelFunc: (args) => conv2DBackpropFilter(args as Parameters<typeof conv2DBackpropFilter>[0]) });
  }
}
