import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RangeDecoder, RangeEncoder } from '../../src/lib/data/range-coder.ts';
import { SQUASH, STRETCH, STRETCH_LIMIT } from '../../src/lib/data/logistic.ts';
import { COUNTER_INIT, counterP12, counterUpdate } from '../../src/lib/data/counter.ts';
import { decodeStreams, encodeStreams, FORMAT_VERSION, HEADER_BYTES, type LevelSplit } from '../../src/lib/data/image-codec.ts';
import { levelValues, levelsToPixels, quantisationError, quantiseToLevels } from '../../src/lib/data/levels.ts';
import { mulberry32, seededPermutation } from '../../src/lib/data/random.ts';

const PIXELS = 784;

function roundTripBits(bits: number[], probs: number[]): Uint8Array {
  const enc = new RangeEncoder(16);
  bits.forEach((b, i) => enc.code(b, probs[i]!));
  const bytes = enc.finish();
  const dec = new RangeDecoder(bytes);
  const out = bits.map((_, i) => dec.code(0, probs[i]!));
  expect(out).toEqual(bits);
  expect(dec.position).toBe(bytes.length); // the decoder reads exactly what the encoder wrote
  expect(dec.overrun).toBe(0);
  return bytes;
}

describe('range coder', () => {
  it('writes five zero bytes for an empty message', () => {
    expect(Array.from(roundTripBits([], []))).toEqual([0, 0, 0, 0, 0]);
  });

  it('golden: one 0-bit at p = 1/2 leaves low = 0x7FFFF800, written after the leading byte', () => {
    // bound = (0xFFFFFFFF >>> 12) * 2048 = 0x7FFFF800; a 0 adds bound to low; flushing writes low big-endian.
    expect(Array.from(roundTripBits([0], [2048]))).toEqual([0x00, 0x7f, 0xff, 0xf8, 0x00]);
    expect(Array.from(roundTripBits([1], [2048]))).toEqual([0, 0, 0, 0, 0]);
  });

  it('round-trips random bits at random probabilities, including the extremes 1 and 4095', () => {
    const rand = mulberry32(7);
    for (const n of [1, 2, 17, 1000, 100_000]) {
      const probs = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? (i % 2 ? 1 : 4095) : 1 + Math.floor(rand() * 4095)));
      const bits = probs.map((p) => (rand() * 4096 < p ? 1 : 0));
      roundTripBits(bits, probs);
    }
  });

  it('round-trips surprising bits (coded against a confident probability), which exercise carries', () => {
    const n = 50_000;
    const rand = mulberry32(11);
    const bits = Array.from({ length: n }, () => (rand() < 0.5 ? 1 : 0));
    roundTripBits(bits, bits.map((_, i) => (i % 3 ? 4095 : 1)));
    roundTripBits(new Array(n).fill(0), new Array(n).fill(1));
    roundTripBits(new Array(n).fill(1), new Array(n).fill(4095));
  });

  it('spends about -log2(p) bits: 100,000 fair coin flips take about 12,500 bytes', () => {
    const rand = mulberry32(3);
    const bits = Array.from({ length: 100_000 }, () => (rand() < 0.5 ? 1 : 0));
    const bytes = roundTripBits(bits, new Array(bits.length).fill(2048));
    expect(bytes.length).toBeGreaterThanOrEqual(12_500);
    expect(bytes.length).toBeLessThan(12_510);
  });
});

describe('logistic tables and counters', () => {
  it('squash is 1/2 at 0, monotone, and stretch inverts it', () => {
    expect(SQUASH[STRETCH_LIMIT]).toBe(2048);
    for (let i = 1; i < SQUASH.length; i++) expect(SQUASH[i]).toBeGreaterThanOrEqual(SQUASH[i - 1]!);
    expect(SQUASH[0]).toBe(1);
    expect(SQUASH[2 * STRETCH_LIMIT]).toBe(4095);
    for (let x = -1500; x <= 1500; x += 50) expect(Math.abs(STRETCH[SQUASH[x + STRETCH_LIMIT]!]! - x)).toBeLessThanOrEqual(24);
  });

  it('tables are pinned, so a change in how they are built cannot silently change the bitstream', () => {
    const digest = createHash('sha256').update(SQUASH).update(STRETCH).digest('hex');
    expect(digest).toBe(TABLES_SHA256);
  });

  it('counters follow the Krichevsky–Trofimov estimator: 1/2, then 3/4 after one 1, then 5/6', () => {
    let s = COUNTER_INIT;
    expect(counterP12(s)).toBe(2048);
    s = counterUpdate(s, 1);
    expect(counterP12(s)).toBe(3071); // 0.75 * 4096, less one from truncation
    s = counterUpdate(s, 1);
    expect(counterP12(s)).toBe(3413); // floor(5/6 * 4096)
    for (let i = 0; i < 5000; i++) s = counterUpdate(s, 0);
    expect(counterP12(s)).toBeLessThan(8);
  });
});

/** Deterministic test images: smooth blobs on a zero background, plus some noise, in [0, levels). */
function syntheticSplit(count: number, levels: number, seed: number): LevelSplit {
  const rand = mulberry32(seed);
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = Math.floor(rand() * 10);
    const cx = 8 + rand() * 12;
    const cy = 8 + rand() * 12;
    const r = 4 + rand() * 6;
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        const d = Math.hypot(x - cx, y - cy);
        const v = d < r ? (1 - d / r) * (levels - 1) + (rand() - 0.5) * 2 : 0;
        images[i * PIXELS + y * 28 + x] = Math.max(0, Math.min(levels - 1, Math.round(v)));
      }
    }
  }
  return { levels: images, labels, count };
}

function expectRoundTrip(splits: LevelSplit[], levels: number): Uint8Array[] {
  const files = encodeStreams(splits, { levels, contextLevels: Math.min(levels, 11), mixDepth: levels === 256 ? 3 : 255, classes: 10 });
  const decoded = decodeStreams(files, files.map((_, i) => `stream${i}.bin`));
  expect(decoded.length).toBe(splits.length);
  decoded.forEach((d, i) => {
    expect(d.count).toBe(splits[i]!.count);
    expect(Buffer.from(d.labels).equals(Buffer.from(splits[i]!.labels))).toBe(true);
    expect(Buffer.from(d.levels).equals(Buffer.from(splits[i]!.levels))).toBe(true);
  });
  return files;
}

describe('image codec', () => {
  it('round-trips structured images at 2, 11 and 256 levels, across two streams', () => {
    for (const levels of [2, 11, 256]) expectRoundTrip([syntheticSplit(5, levels, 1), syntheticSplit(20, levels, 2)], levels);
  });

  it('round-trips uniformly random images (incompressible) at 256 levels', () => {
    const rand = mulberry32(5);
    const count = 3;
    const images = Uint8Array.from({ length: count * PIXELS }, () => Math.floor(rand() * 256));
    const [file] = expectRoundTrip([{ levels: images, labels: Uint8Array.from([0, 9, 4]), count }], 256);
    expect(file!.length).toBeGreaterThan(count * PIXELS * 0.95); // no miracles
  });

  it('round-trips edge cases: no images, all zeros, all at the top level', () => {
    const empty = { levels: new Uint8Array(0), labels: new Uint8Array(0), count: 0 };
    const [emptyFile] = expectRoundTrip([empty], 11);
    expect(emptyFile!.length).toBe(HEADER_BYTES + 5);
    const zeros = { levels: new Uint8Array(40 * PIXELS), labels: new Uint8Array(40), count: 40 };
    const [zeroFile] = expectRoundTrip([zeros], 11);
    // 31,360 background pixels: the cost is learning 784 per-position counters, about 3.7 bits each.
    expect(zeroFile!.length).toBeLessThan(HEADER_BYTES + 400);
    for (const levels of [2, 11, 256]) {
      expectRoundTrip([{ levels: new Uint8Array(7 * PIXELS).fill(levels - 1), labels: new Uint8Array(7).fill(9), count: 7 }], levels);
    }
  });

  it('decodes the first stream alone, identically to decoding both', () => {
    const splits = [syntheticSplit(6, 11, 3), syntheticSplit(6, 11, 4)];
    const files = encodeStreams(splits, { levels: 11, contextLevels: 11, mixDepth: 255, classes: 10 });
    const [alone] = decodeStreams([files[0]!], ['test.bin']);
    expect(Buffer.from(alone!.levels).equals(Buffer.from(splits[0]!.levels))).toBe(true);
  });

  it('is deterministic, and its bitstream is pinned: changing the model must bump FORMAT_VERSION', () => {
    const splits = [syntheticSplit(4, 11, 9), syntheticSplit(4, 11, 10)];
    const a = encodeStreams(splits, { levels: 11, contextLevels: 11, mixDepth: 255, classes: 10 });
    const b = encodeStreams(splits, { levels: 11, contextLevels: 11, mixDepth: 255, classes: 10 });
    expect(a.map((f) => Buffer.from(f).toString('hex'))).toEqual(b.map((f) => Buffer.from(f).toString('hex')));
    const digest = createHash('sha256').update(a[0]!).update(a[1]!).digest('hex');
    expect({ FORMAT_VERSION, digest }).toEqual({ FORMAT_VERSION: 1, digest: STREAM_SHA256 });
  });

  it('rejects bad input on encode', () => {
    const split = syntheticSplit(2, 11, 1);
    expect(() => encodeStreams([split], { levels: 10, contextLevels: 10, mixDepth: 255, classes: 10 })).toThrow(/level 10, but there are only 10/);
    expect(() => encodeStreams([{ ...split, labels: Uint8Array.from([3, 10]) }], { levels: 11, contextLevels: 11, mixDepth: 255, classes: 10 })).toThrow(
      /label 1 is 10/,
    );
    expect(() => encodeStreams([{ ...split, count: 3 }], { levels: 11, contextLevels: 11, mixDepth: 255, classes: 10 })).toThrow(/expected 2352 pixels/);
  });

  it('rejects damaged streams with a message naming the file', () => {
    const [file] = encodeStreams([syntheticSplit(3, 11, 1)], { levels: 11, contextLevels: 11, mixDepth: 255, classes: 10 });
    const truncated = file!.slice(0, file!.length - 1);
    expect(() => decodeStreams([truncated], ['x/test.bin'])).toThrow(/^x\/test\.bin: header promises \d+ bytes but the file has \d+/);
    const version = file!.slice();
    version[4] = FORMAT_VERSION + 1;
    expect(() => decodeStreams([version], ['x/test.bin'])).toThrow(`x/test.bin: format version ${FORMAT_VERSION + 1} is not supported`);
    const magic = file!.slice();
    magic[0] = 0;
    expect(() => decodeStreams([magic], ['x/test.bin'])).toThrow(/^x\/test\.bin: not a VQDS file/);
    const tiny = file!.slice(0, 7);
    expect(() => decodeStreams([tiny], ['x/test.bin'])).toThrow(/^x\/test\.bin: 7 bytes is too short/);
    const [, second] = encodeStreams([syntheticSplit(1, 11, 1), syntheticSplit(1, 11, 2)], { levels: 11, contextLevels: 11, mixDepth: 255, classes: 10 });
    expect(() => decodeStreams([second!], ['x/train.bin'])).toThrow(/^x\/train\.bin: is stream 1 of its dataset, expected stream 0/);
  });

  it('compresses the synthetic blobs far below one byte per pixel', () => {
    const split = syntheticSplit(200, 11, 12);
    const [file] = expectRoundTrip([split], 11);
    expect(file!.length).toBeLessThan(200 * PIXELS * 0.1);
  });
});

describe('levels', () => {
  it('spaces levels evenly over 0..255', () => {
    expect(Array.from(levelValues(11))).toEqual([0, 26, 51, 77, 102, 128, 153, 179, 204, 230, 255]);
    expect(Array.from(levelValues(2))).toEqual([0, 255]);
    expect(levelValues(256).every((v, i) => v === i)).toBe(true);
  });

  it('quantises to the nearest level and reports the error in [0, 1] units', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const q = levelsToPixels(quantiseToLevels(all, 11), 11);
    const values = levelValues(11);
    all.forEach((p, i) => {
      for (const v of values) expect(Math.abs(q[i]! - p)).toBeLessThanOrEqual(Math.abs(v - p));
    });
    expect(quantisationError(all, 11).maxAbsError).toBeCloseTo(13 / 255, 10);
    expect(quantisationError(all, 256)).toEqual({ maxAbsError: 0, mse: 0 });
    expect(quantisationError(Uint8Array.from([13]), 11).mse).toBeCloseTo((13 / 255) ** 2, 12);
  });
});

/**
 * mulberry32 as its C definition states it (Tommy Ettinger, uint32_t arithmetic), in BigInt so that it
 * shares nothing with the Math.imul implementation it checks: the outputs as 32-bit integers.
 */
function* mulberry32Reference(seed: number): Generator<number> {
  const M = 0xffffffffn;
  let state = BigInt(seed) & M;
  for (;;) {
    state = (state + 0x6d2b79f5n) & M;
    let z = state;
    z = ((z ^ (z >> 15n)) * (z | 1n)) & M;
    z ^= (z + (z ^ (z >> 7n)) * (z | 61n)) & M;
    yield Number(z ^ (z >> 14n));
  }
}

describe('seeded randomness', () => {
  it('mulberry32 gives the reference values, reproducibly and roughly uniformly', () => {
    // Golden values from the C definition transcribed into Python (masking to 32 bits), not from this code.
    const golden: Record<number, number[]> = {
      42: [2581720956, 1925393290, 3661312704, 2876485805, 750819978],
      1: [2693262067, 11749833, 2265367787, 4213581821, 4159151403],
      0: [1144304738, 1416247, 958946056, 627933444, 2007157716],
      [-1]: [3850105811, 813802916, 3073704848, 4054706436, 3630262831],
    };
    for (const [seed, values] of Object.entries(golden)) {
      const random = mulberry32(Number(seed));
      expect(Array.from({ length: 5 }, () => random() * 2 ** 32), `seed ${seed}`).toEqual(values);
    }
    for (const seed of [42, 7, 0x7fffffff, 0xdeadbeef]) {
      const random = mulberry32(seed);
      const reference = mulberry32Reference(seed);
      const first = Array.from({ length: 1000 }, () => random() * 2 ** 32);
      expect(first, `seed ${seed}`).toEqual(Array.from({ length: 1000 }, () => reference.next().value));
    }
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
  });

  it('seededPermutation is the descending Fisher–Yates order of mulberry32, fixed by its seed', () => {
    // Golden orders from the same Python transcription: for i = n-1 … 1, swap i with ⌊u·(i+1) / 2³²⌋.
    expect(Array.from(seededPermutation(10, 1))).toEqual([7, 8, 3, 2, 1, 5, 9, 4, 0, 6]);
    expect(Array.from(seededPermutation(10, 42))).toEqual([0, 7, 3, 5, 2, 1, 8, 9, 4, 6]);
    const p = seededPermutation(1000, 1);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(seededPermutation(1000, 1))).toEqual(Array.from(p));
    expect(Array.from(seededPermutation(1000, 2))).not.toEqual(Array.from(p));
  });
});

const TABLES_SHA256 = '5aff7f97d607789ec44515bc5b0d2720d3bb465a851a40c0553160c58a487e9a';
const STREAM_SHA256 = '27df6f441d0d0e75a9e697b45bceba935cec6c28a825d83e9b95ac8013d95ad8';
