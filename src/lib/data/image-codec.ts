/**
 * The .bin container: labelled 28×28 images, compressed by the context-mixing PixelModel.
 *
 * A dataset is a sequence of streams (test.bin, then train.bin). Each stream is one file:
 *
 *   offset  size  field (little-endian)
 *        0     4  magic "VQDS"
 *        4     2  format version (FORMAT_VERSION)
 *        6     2  levels L: pixels are level indices in [0, L)
 *        8     1  context levels of the fine contexts
 *        9     1  mix depth: tree depth from which decisions skip the mixer
 *       10     1  classes
 *       11     1  stream index: 0 for the first stream of a dataset, 1 for the next, ...
 *       12     4  image count
 *       16     4  payload length in bytes
 *       20     …  range-coded payload: every label, then every image
 *
 * The model is not reset between streams: stream k is coded with the state that stream k - 1
 * left, so the second split does not pay again for learning the statistics from scratch. A
 * reader can therefore decode the first stream alone, but needs it to decode the second.
 */
import { RangeDecoder, RangeEncoder, type BitCoder } from './range-coder.ts';
import { PixelModel, IMAGE_SIZE } from './pixel-model.ts';
import { COUNTER_INIT, counterP12, counterUpdate } from './counter.ts';

/** Bumped whenever the bitstream changes, including any change to the model. */
export const FORMAT_VERSION = 1;
/** Bytes before the payload. */
export const HEADER_BYTES = 20;
const MAGIC = 'VQDS';
const PIXELS = IMAGE_SIZE * IMAGE_SIZE;
const MAX_IMAGES = 1 << 20; // a sanity bound, so a damaged count cannot ask for gigabytes

/** Choices shared by every stream of a dataset. */
export interface CodecParams {
  levels: number;
  contextLevels: number;
  mixDepth: number;
  classes: number;
}

/** One split before encoding or after decoding: level indices (count × 784, row-major) and labels. */
export interface LevelSplit {
  levels: Uint8Array;
  labels: Uint8Array;
  count: number;
}

/** What a stream's header says. */
export interface StreamHeader extends CodecParams {
  formatVersion: number;
  streamIndex: number;
  count: number;
  payloadBytes: number;
}

/** Labels with an adaptive binary tree over the class bits, most significant first. */
class LabelModel {
  private readonly bits: number;
  private readonly counters: Int32Array;

  constructor(classes: number) {
    this.bits = Math.max(1, Math.ceil(Math.log2(classes)));
    this.counters = new Int32Array(1 << this.bits).fill(COUNTER_INIT);
  }

  code(coder: BitCoder, label: number): number {
    let node = 1;
    for (let b = this.bits - 1; b >= 0; b--) {
      const s = this.counters[node]!;
      const p = counterP12(s);
      const bit = coder.code((label >> b) & 1, p < 1 ? 1 : p);
      this.counters[node] = counterUpdate(s, bit);
      node = node * 2 + bit;
    }
    return node - (1 << this.bits);
  }
}

function checkParams({ levels, contextLevels, mixDepth, classes }: CodecParams): void {
  if (!Number.isInteger(levels) || levels < 2 || levels > 256) throw new Error(`levels must be 2..256, got ${levels}`);
  if (!Number.isInteger(contextLevels) || contextLevels < 2 || contextLevels > 255) {
    throw new Error(`contextLevels must be 2..255, got ${contextLevels}`);
  }
  if (!Number.isInteger(mixDepth) || mixDepth < 0 || mixDepth > 255) throw new Error(`mixDepth must be 0..255, got ${mixDepth}`);
  if (!Number.isInteger(classes) || classes < 1 || classes > 255) throw new Error(`classes must be 1..255, got ${classes}`);
}

/** Encodes splits in order, one file each, each continuing the model state of the one before. */
export function encodeStreams(splits: LevelSplit[], params: CodecParams): Uint8Array[] {
  checkParams(params);
  if (splits.length > 255) throw new Error(`at most 255 streams per dataset, got ${splits.length}`);
  const pixels = new PixelModel(params);
  const labels = new LabelModel(params.classes);
  return splits.map((split, streamIndex) => {
    const { count } = split;
    if (!Number.isInteger(count) || count < 0 || count > MAX_IMAGES) throw new Error(`stream ${streamIndex}: count must be 0..${MAX_IMAGES}, got ${count}`);
    if (split.levels.length !== count * PIXELS) throw new Error(`stream ${streamIndex}: expected ${count * PIXELS} pixels, got ${split.levels.length}`);
    if (split.labels.length !== count) throw new Error(`stream ${streamIndex}: expected ${count} labels, got ${split.labels.length}`);
    split.levels.forEach((v, i) => {
      if (v >= params.levels) throw new Error(`stream ${streamIndex}: pixel ${i} is level ${v}, but there are only ${params.levels}`);
    });
    split.labels.forEach((l, i) => {
      if (l >= params.classes) throw new Error(`stream ${streamIndex}: label ${i} is ${l}, but there are only ${params.classes} classes`);
    });
    const encoder = new RangeEncoder(count * 64 + 1024);
    for (let i = 0; i < count; i++) labels.code(encoder, split.labels[i]!);
    const scratch = split.levels.slice(); // codeImage writes back what it coded
    for (let i = 0; i < count; i++) pixels.codeImage(encoder, scratch, i * PIXELS, split.labels[i]!);
    const payload = encoder.finish();
    const file = new Uint8Array(HEADER_BYTES + payload.length);
    writeHeader(file, { ...params, formatVersion: FORMAT_VERSION, streamIndex, count, payloadBytes: payload.length });
    file.set(payload, HEADER_BYTES);
    return file;
  });
}

function writeHeader(file: Uint8Array, h: StreamHeader): void {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  for (let i = 0; i < 4; i++) file[i] = MAGIC.charCodeAt(i);
  view.setUint16(4, h.formatVersion, true);
  view.setUint16(6, h.levels, true);
  view.setUint8(8, h.contextLevels);
  view.setUint8(9, h.mixDepth);
  view.setUint8(10, h.classes);
  view.setUint8(11, h.streamIndex);
  view.setUint32(12, h.count, true);
  view.setUint32(16, h.payloadBytes, true);
}

/** Parses and checks a stream header; errors name `fileName`. */
export function readHeader(bytes: Uint8Array, fileName: string): StreamHeader {
  if (bytes.length < HEADER_BYTES) throw new Error(`${fileName}: ${bytes.length} bytes is too short for a VQDS header (${HEADER_BYTES} bytes)`);
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== MAGIC) throw new Error(`${fileName}: not a VQDS file (magic ${JSON.stringify(magic)})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header: StreamHeader = {
    formatVersion: view.getUint16(4, true),
    levels: view.getUint16(6, true),
    contextLevels: view.getUint8(8),
    mixDepth: view.getUint8(9),
    classes: view.getUint8(10),
    streamIndex: view.getUint8(11),
    count: view.getUint32(12, true),
    payloadBytes: view.getUint32(16, true),
  };
  if (header.formatVersion !== FORMAT_VERSION) {
    throw new Error(`${fileName}: format version ${header.formatVersion} is not supported (this reader decodes version ${FORMAT_VERSION})`);
  }
  if (header.count > MAX_IMAGES) throw new Error(`${fileName}: header claims ${header.count} images, more than any dataset here (${MAX_IMAGES})`);
  const expected = HEADER_BYTES + header.payloadBytes;
  if (bytes.length !== expected) {
    throw new Error(`${fileName}: header promises ${expected} bytes but the file has ${bytes.length} (truncated or padded)`);
  }
  try {
    checkParams(header);
  } catch (e) {
    throw new Error(`${fileName}: bad header: ${(e as Error).message}`);
  }
  return header;
}

/**
 * Decodes streams in order (a prefix is fine: the first stream alone decodes). `names` label the
 * files in error messages.
 */
export function decodeStreams(files: Uint8Array[], names: string[]): LevelSplit[] {
  const headers = files.map((bytes, i) => readHeader(bytes, names[i] ?? `stream ${i}`));
  const first = headers[0];
  if (!first) return [];
  headers.forEach((h, i) => {
    const name = names[i] ?? `stream ${i}`;
    if (h.streamIndex !== i) throw new Error(`${name}: is stream ${h.streamIndex} of its dataset, expected stream ${i}`);
    if (h.levels !== first.levels || h.contextLevels !== first.contextLevels || h.mixDepth !== first.mixDepth || h.classes !== first.classes) {
      throw new Error(`${name}: coding parameters differ from ${names[0] ?? 'stream 0'}`);
    }
  });
  const pixels = new PixelModel(first);
  const labelModel = new LabelModel(first.classes);
  return files.map((bytes, s) => {
    const name = names[s] ?? `stream ${s}`;
    const { count } = headers[s]!;
    const decoder = new RangeDecoder(bytes, HEADER_BYTES, bytes.length);
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const label = labelModel.code(decoder, 0);
      if (label >= first.classes) throw new Error(`${name}: corrupt data (label ${label} at image ${i})`);
      labels[i] = label;
    }
    const levels = new Uint8Array(count * PIXELS);
    for (let i = 0; i < count; i++) pixels.codeImage(decoder, levels, i * PIXELS, labels[i]!);
    if (decoder.overrun > 0 || decoder.position !== bytes.length) {
      throw new Error(`${name}: corrupt data (the coded stream ended at byte ${decoder.position} of ${bytes.length})`);
    }
    return { levels, labels, count };
  });
}
