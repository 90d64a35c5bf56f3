/**
 * Binary arithmetic coder: a 32-bit range coder in the style of LZMA's, with carry propagation
 * through a cached byte plus a run of pending 0xFF bytes, so the encoder never has to revisit output.
 *
 * Probabilities are 12-bit: p1 = P(bit = 1) * 4096, an integer in [1, 4095]. Both sides expose the
 * same `code(bit, p1)` call so one model routine can drive either direction: the encoder writes `bit`
 * and returns it; the decoder ignores its argument and returns the decoded bit.
 */

/** Something that codes one binary decision with a 12-bit probability of a 1; returns the bit. */
export interface BitCoder {
  code(bit: number, p1: number): number;
}

const TOP = 0x1000000; // renormalise when the range drops below 2^24

/** Writes bits into a growing byte buffer; call `finish()` once for the bytes. */
export class RangeEncoder implements BitCoder {
  private low = 0; // up to 33 bits, kept as an exact integer in a double
  private range = 0xffffffff;
  private cache = 0;
  private cacheSize = 1;
  private out: Uint8Array;
  private length = 0;

  constructor(initialCapacity = 1 << 16) {
    this.out = new Uint8Array(Math.max(16, initialCapacity));
  }

  code(bit: number, p1: number): number {
    const bound = (this.range >>> 12) * p1;
    if (bit) {
      this.range = bound;
    } else {
      this.low += bound;
      this.range -= bound;
    }
    while (this.range < TOP) {
      this.range = (this.range << 8) >>> 0;
      this.shiftLow();
    }
    return bit;
  }

  /** Flushes the coder state and returns exactly the bytes written. */
  finish(): Uint8Array {
    for (let i = 0; i < 5; i++) this.shiftLow();
    return this.out.slice(0, this.length);
  }

  private shiftLow(): void {
    // Bytes below 0xFF.. are final once no carry can reach them; a carry is bit 32 of `low`.
    if (this.low < 0xff000000 || this.low >= 0x100000000) {
      const carry = this.low >= 0x100000000 ? 1 : 0;
      let byte = this.cache;
      do {
        this.put((byte + carry) & 0xff);
        byte = 0xff;
      } while (--this.cacheSize !== 0);
      this.cache = (this.low >>> 24) & 0xff;
    }
    this.cacheSize++;
    this.low = (this.low & 0xffffff) * 256;
  }

  private put(byte: number): void {
    if (this.length === this.out.length) {
      const bigger = new Uint8Array(this.out.length * 2);
      bigger.set(this.out);
      this.out = bigger;
    }
    this.out[this.length++] = byte;
  }
}

/** Reads bits back from bytes written by RangeEncoder; `overrun` counts reads past the end (corrupt input). */
export class RangeDecoder implements BitCoder {
  private range = 0xffffffff;
  private value = 0;
  private pos: number;
  private readonly bytes: Uint8Array;
  private readonly end: number;
  /** Bytes requested beyond `end`; non-zero only when the input was truncated or corrupted. */
  overrun = 0;

  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    for (let i = 0; i < 5; i++) this.value = ((this.value << 8) | this.next()) >>> 0;
  }

  /** Index of the next unread byte, to check that a stream was consumed exactly. */
  get position(): number {
    return this.pos;
  }

  code(_bit: number, p1: number): number {
    const bound = (this.range >>> 12) * p1;
    let bit: number;
    if (this.value < bound) {
      this.range = bound;
      bit = 1;
    } else {
      this.value -= bound;
      this.range -= bound;
      bit = 0;
    }
    while (this.range < TOP) {
      this.range = (this.range << 8) >>> 0;
      this.value = ((this.value << 8) | this.next()) >>> 0;
    }
    return bit;
  }

  private next(): number {
    if (this.pos < this.end) return this.bytes[this.pos++]!;
    this.overrun++;
    this.pos++;
    return 0;
  }
}
