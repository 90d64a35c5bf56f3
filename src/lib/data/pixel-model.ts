/**
 * The context-mixing model that predicts 28×28 greyscale images one pixel at a time.
 *
 * A pixel is a level in [0, L). It is coded as a path through a binary tree whose root asks
 * "is it zero?" (half of Fashion-MNIST and four fifths of MNIST is background) and whose other
 * nodes split the remaining range in halves. Each binary decision is predicted by four adaptive
 * counters, each looked up under a different causal context (only pixels above and to the left,
 * which the decoder already knows):
 *
 *   0. W, N, NW, NE                  the four nearest neighbours
 *   1. W, N, WW, NN                  two pixels further left and up
 *   2. class, position, W, N         where in the image (2×2 cells), for this kind of object;
 *                                    W and N coarsened to 4 levels
 *   3. nine neighbours               W N NW NE WW NN NWW NNE NEE at 3 levels each (0, low, high)
 *
 * A logistic mixer (weights chosen by tree node, class and whether the neighbours agree) combines
 * the four, and an adaptive probability map (APM) refines the result by tree node and (W, N).
 * Two shortcuts keep decoding fast. Where all nine neighbours are zero, a single counter per class
 * and position decides the root: it compresses as well there and lets a third of Fashion-MNIST's
 * pixels skip the mixer. And decisions deeper than `mixDepth` in the tree use context 0 alone.
 *
 * Everything is integer arithmetic (exact in doubles), so encoder and decoder agree bit for bit on
 * every JavaScript engine. Changing anything here changes the bitstream: bump FORMAT_VERSION in
 * image-codec.ts.
 */
import type { BitCoder } from './range-coder.ts';
import { SQUASH, STRETCH, STRETCH_LIMIT } from './logistic.ts';
import { COUNTER_INIT, counterP12, counterUpdate } from './counter.ts';

/** Images are always 28 × 28. */
export const IMAGE_SIZE = 28;
const STRIDE = 32; // 2 columns of zero padding on each side
const PAD_TOP = 2;
const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
const CELLS = IMAGE_SIZE / 2; // the position context uses 2×2 cells

const MODELS = 4;
const INPUTS = MODELS + 1; // plus a constant bias input
const BIAS_INPUT = 256;
const INITIAL_WEIGHT = 19661; // 0.3 in 16.16 fixed point
const MIXER_RATE = 4; // weight step = input * error * MIXER_RATE / 2^14; small because each weight set sees plenty of data
const APM_RATE = 6;
const INV_65536 = 1 / 65536; // multiplying by a power of two is exact, and faster than dividing
const HASH = 0x9e3779b1; // Fibonacci hashing: the top bits of ctx * 2^32/phi spread nearby contexts
const HASH_BITS = 20; // context spaces larger than 2^20 counters are hashed into 2^20 slots

/** Fixed choices that shape the model; encoder and decoder must use the same ones. */
export interface PixelModelOptions {
  /** Number of grey levels L; pixels are integers in [0, L). */
  levels: number;
  /** Number of classes; labels are integers in [0, classes). */
  classes: number;
  /** Levels the fine contexts see; neighbours are rescaled to this many when L is larger. */
  contextLevels: number;
  /**
   * Decisions at tree depth >= mixDepth use context 0 alone, skipping mixer and APM. The low-order
   * decisions of 256-level data are nearly noise, so this halves MNIST's decoding time for ~3% in size.
   */
  mixDepth: number;
}

/**
 * The binarisation tree over [0, L): node 0 splits off 0, the others halve what remains.
 * `split[node]` is the smallest value on the node's 1-branch; `children[2 * node + bit]` is the
 * next node, or ~value (negative) at a leaf; `depth[node]` counts the decisions above it.
 */
function buildTree(levels: number): { split: Int32Array; children: Int32Array; depth: Uint8Array } {
  const split: number[] = [];
  const children: number[] = [];
  const depth: number[] = [];
  let current = -1;
  const node = (lo: number, hi: number, mid: number): number => {
    const id = split.length;
    current++;
    depth.push(current);
    split.push(mid);
    children.push(0, 0);
    children[2 * id] = child(lo, mid);
    children[2 * id + 1] = child(mid, hi);
    current--;
    return id;
  };
  const child = (lo: number, hi: number): number => (hi - lo === 1 ? ~lo : node(lo, hi, lo + ((hi - lo) >> 1)));
  node(0, levels, 1);
  return { split: Int32Array.from(split), children: Int32Array.from(children), depth: Uint8Array.from(depth) };
}

/** A context table: direct when the context space is small, otherwise hashed (shift > 0). */
function contextTable(contexts: number, nodes: number): { table: Int32Array; shift: number } {
  const direct = contexts * nodes <= 1 << HASH_BITS;
  const slots = direct ? contexts * nodes : (1 << HASH_BITS) + nodes;
  const shift = direct ? 0 : 32 - HASH_BITS;
  return { table: new Int32Array(slots).fill(COUNTER_INIT), shift };
}

function clampP12(p: number): number {
  return p < 1 ? 1 : p > 4095 ? 4095 : p;
}

/** Adaptive image model shared by encoder and decoder; both must feed it the same images in the same order. */
export class PixelModel {
  readonly levels: number;
  readonly classes: number;
  private readonly nodes: number;
  private readonly split: Int32Array;
  private readonly children: Int32Array;
  private readonly depth: Uint8Array;
  private readonly mixDepth: number;
  private readonly fine: Uint8Array;
  private readonly coarse4: Uint8Array;
  private readonly coarse3: Uint8Array;
  private readonly fineLevels: number;
  private readonly tables: Int32Array[];
  private readonly shifts: Int32Array;
  private readonly background: Int32Array;
  private readonly weights: Float64Array; // integers only; doubles skip int32 overflow checks in the dot product
  private readonly apm: Uint16Array;
  private readonly buf = new Uint8Array(STRIDE * (IMAGE_SIZE + PAD_TOP));

  constructor(options: PixelModelOptions) {
    const { levels, classes, contextLevels, mixDepth } = options;
    if (!Number.isInteger(levels) || levels < 2 || levels > 256) throw new Error(`levels must be 2..256, got ${levels}`);
    if (!Number.isInteger(classes) || classes < 1 || classes > 256) throw new Error(`classes must be 1..256, got ${classes}`);
    if (!Number.isInteger(contextLevels) || contextLevels < 2) throw new Error(`contextLevels must be >= 2, got ${contextLevels}`);
    if (!Number.isInteger(mixDepth) || mixDepth < 0) throw new Error(`mixDepth must be a non-negative integer, got ${mixDepth}`);
    this.mixDepth = mixDepth;
    this.levels = levels;
    this.classes = classes;
    this.nodes = levels - 1;
    ({ split: this.split, children: this.children, depth: this.depth } = buildTree(levels));
    const f = Math.min(levels, contextLevels);
    this.fineLevels = f;
    this.fine = new Uint8Array(levels).map((_, v) => Math.round((v * (f - 1)) / (levels - 1)));
    // Coarse scales keep background distinct from faint ink, then split the rest evenly.
    this.coarse4 = new Uint8Array(levels).map((_, v) => (v === 0 ? 0 : 1 + Math.min(2, Math.floor((3 * v) / levels))));
    this.coarse3 = new Uint8Array(levels).map((_, v) => (v === 0 ? 0 : 2 * v < levels ? 1 : 2));
    const cells = classes * CELLS * CELLS * 16;
    const made = [f ** 4, f ** 4, cells, 3 ** 9].map((n) => contextTable(n, this.nodes));
    this.tables = made.map((m) => m.table);
    this.shifts = Int32Array.from(made.map((m) => m.shift));
    this.background = new Int32Array(classes * PIXELS).fill(COUNTER_INIT);
    const sets = this.nodes * classes * 8;
    this.weights = new Float64Array(sets * INPUTS);
    for (let s = 0; s < sets; s++) this.weights.fill(INITIAL_WEIGHT, s * INPUTS, s * INPUTS + MODELS);
    this.apm = new Uint16Array(this.nodes * f * f * 33);
    // Knot j sits at stretch (j - 16) * 128 and starts as the identity map (16-bit probabilities).
    for (let i = 0; i < this.apm.length; i++) {
      const x = Math.min(STRETCH_LIMIT, ((i % 33) - 16) * 128);
      this.apm[i] = SQUASH[x + STRETCH_LIMIT]! * 16;
    }
  }

  /**
   * Codes one image through `coder`. `image[offset .. offset + 784)` holds levels; when decoding
   * it is overwritten with the decoded levels (the incoming values are ignored by the decoder).
   */
  codeImage(coder: BitCoder, image: Uint8Array, offset: number, label: number): void {
    if (!(label >= 0 && label < this.classes)) throw new Error(`label ${label} out of range`);
    const { buf, weights, apm, fine, coarse4, coarse3, background, split, children, depth, mixDepth } = this;
    const [h0, h1, h2, h3] = this.shifts;
    const [t0, t1, t2, t3] = this.tables as [Int32Array, Int32Array, Int32Array, Int32Array];
    const f = this.fineLevels;
    const nodes = this.nodes;
    const mixBase = label * 8;
    const mixStride = this.classes * 8;
    const firstNonZeroNode = children[1]!;
    buf.fill(0);
    for (let y = 0; y < IMAGE_SIZE; y++) {
      for (let x = 0; x < IMAGE_SIZE; x++) {
        const p = (y + PAD_TOP) * STRIDE + x + 2;
        const i = offset + y * IMAGE_SIZE + x;
        const value = image[i]!;
        const w = buf[p - 1]!;
        const n = buf[p - STRIDE]!;
        const nw = buf[p - STRIDE - 1]!;
        const ne = buf[p - STRIDE + 1]!;
        const ww = buf[p - 2]!;
        const nn = buf[p - 2 * STRIDE]!;
        const nww = buf[p - STRIDE - 2]!;
        const nne = buf[p - 2 * STRIDE + 1]!;
        const nee = buf[p - STRIDE + 2]!;
        const position = (label * IMAGE_SIZE + y) * IMAGE_SIZE + x;
        let node = 0;
        if ((w | n | nw | ne | ww | nn | nww | nne | nee) === 0) {
          // Deep background: one counter per class and position decides "still zero?", which is
          // as good as the full mixture here and a third of the pixels skip the expensive path.
          const s = background[position]!;
          const pr = clampP12(counterP12(s));
          const bit = coder.code(value === 0 ? 0 : 1, pr);
          background[position] = counterUpdate(s, bit);
          if (bit === 0) {
            image[i] = 0;
            continue; // buf[p] is already 0
          }
          node = firstNonZeroNode; // a leaf (negative) when L = 2: the loop below is skipped
        }
        const fw = fine[w]!;
        const fn = fine[n]!;
        const cw = coarse4[w]!;
        const cn = coarse4[n]!;
        const ctx0 = ((fw * f + fn) * f + fine[nw]!) * f + fine[ne]!;
        const ctx1 = ((fw * f + fn) * f + fine[ww]!) * f + fine[nn]!;
        const ctx2 = (((label * CELLS + (y >> 1)) * CELLS + (x >> 1)) * 4 + cw) * 4 + cn;
        let ctx3 = coarse3[w]! * 3 + coarse3[n]!;
        ctx3 = ctx3 * 9 + coarse3[nw]! * 3 + coarse3[ne]!;
        ctx3 = ctx3 * 9 + coarse3[ww]! * 3 + coarse3[nn]!;
        ctx3 = ctx3 * 27 + coarse3[nww]! * 9 + coarse3[nne]! * 3 + coarse3[nee]!;
        const b0 = h0 ? Math.imul(ctx0 + 1, HASH) >>> h0 : ctx0 * nodes;
        const b1 = h1 ? Math.imul(ctx1 + 1, HASH) >>> h1 : ctx1 * nodes;
        const b2 = h2 ? Math.imul(ctx2 + 1, HASH) >>> h2 : ctx2 * nodes;
        const b3 = h3 ? Math.imul(ctx3 + 1, HASH) >>> h3 : ctx3 * nodes;
        const flags = (w === n ? 1 : 0) | (w === 0 && n === 0 ? 2 : 0) | (ne === 0 ? 4 : 0);
        const apmRow = fw * f + fn;

        while (node >= 0) {
          if (depth[node]! >= mixDepth) {
            const k = b0 + node;
            const s = t0[k]!;
            const bit = coder.code(value >= split[node]! ? 1 : 0, clampP12(counterP12(s)));
            t0[k] = counterUpdate(s, bit);
            node = bit ? children[node * 2 + 1]! : children[node * 2]!;
            continue;
          }
          const k0 = b0 + node;
          const k1 = b1 + node;
          const k2 = b2 + node;
          const k3 = b3 + node;
          const s0 = t0[k0]!;
          const s1 = t1[k1]!;
          const s2 = t2[k2]!;
          const s3 = t3[k3]!;
          const i0 = STRETCH[counterP12(s0)]!;
          const i1 = STRETCH[counterP12(s1)]!;
          const i2 = STRETCH[counterP12(s2)]!;
          const i3 = STRETCH[counterP12(s3)]!;

          // Mixer: a weighted sum of stretched predictions, weights in 16.16 fixed point.
          const ws = ((node * mixStride + mixBase) | flags) * INPUTS;
          const dot =
            weights[ws]! * i0 +
            weights[ws + 1]! * i1 +
            weights[ws + 2]! * i2 +
            weights[ws + 3]! * i3 +
            weights[ws + 4]! * BIAS_INPUT;
          let st = (dot * INV_65536) | 0;
          if (st > STRETCH_LIMIT) st = STRETCH_LIMIT;
          else if (st < -STRETCH_LIMIT) st = -STRETCH_LIMIT;
          const pMix = SQUASH[st + STRETCH_LIMIT]!;

          // APM: a learned correction curve over the mixer output, interpolated between 33 knots.
          const pos = st + 2048;
          const a = (node * f * f + apmRow) * 33 + (pos >> 7);
          const frac = pos & 127;
          const pApm = (apm[a]! * (128 - frac) + apm[a + 1]! * frac) >> 11;
          const pr = clampP12((pMix + 3 * pApm) >> 2);

          const bit = coder.code(value >= split[node]! ? 1 : 0, pr);

          const err = ((bit << 12) - pMix) * MIXER_RATE;
          weights[ws] += (i0 * err) >> 14;
          weights[ws + 1] += (i1 * err) >> 14;
          weights[ws + 2] += (i2 * err) >> 14;
          weights[ws + 3] += (i3 * err) >> 14;
          weights[ws + 4] += (BIAS_INPUT * err) >> 14;
          const ai = a + (frac >> 6);
          apm[ai] += ((bit << 16) - bit - apm[ai]!) >> APM_RATE;
          t0[k0] = counterUpdate(s0, bit);
          t1[k1] = counterUpdate(s1, bit);
          t2[k2] = counterUpdate(s2, bit);
          t3[k3] = counterUpdate(s3, bit);
          node = bit ? children[node * 2 + 1]! : children[node * 2]!; // a branch lets the CPU run ahead on the likely bit
        }
        const decoded = ~node;
        image[i] = decoded;
        buf[p] = decoded;
      }
    }
  }
}
