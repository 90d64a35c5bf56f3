/**
 * Counts what a step costs a GPU backend, by wrapping methods on the backend instance (never on the
 * class, so nothing outside this Worker is touched):
 * - dispatches: calls of webgpu's `runWebGPUProgram` or webgl's `runWebGLProgram` (webgl's
 *   `compileAndRun` goes through it). Every shader program that runs is one; reshapes and shared
 *   Identity outputs are kernels that dispatch nothing.
 * - sync reads: calls of `readSync` (what dataSync/arraySync/bufferSync end in): the CPU blocks
 *   until the GPU has finished everything queued before. `syncReadsFromDevice` counts the ones
 *   whose values were not already on the CPU, which are the ones that actually wait.
 * - async reads: calls of `read` (what data()/array() end in): the CPU does not block, but the
 *   awaiting code does not queue more work until the values arrive.
 * A read the backend makes from inside another read (webgl reading a slice) is not counted twice;
 * a program run from inside another (webgl packing an input) is a dispatch of its own and is counted.
 */
import * as tf from '../../src/lib/vq/tf.ts';

/** What the counters saw between two `snapshot` calls. */
export interface Counts {
  dispatches: number;
  syncReads: number;
  syncReadsFromDevice: number;
  asyncReads: number;
}

type Method = (...args: unknown[]) => unknown;
type Backend = Record<string, unknown> & {
  tensorMap?: { get(id: object): { values?: unknown } | undefined };
  texData?: { get(id: object): { values?: unknown } | undefined };
};

/** Live counters on the current backend. */
export class BackendCounters {
  readonly dispatchMethod: string | null;
  #counts: Counts = { dispatches: 0, syncReads: 0, syncReadsFromDevice: 0, asyncReads: 0 };
  /** Per method, how deep inside its own calls we are, so a read that calls itself counts once. */
  readonly #depth = new Map<string, number>();
  readonly #stacks = new Map<string, number>();

  constructor(backendName: string) {
    const backend = tf.backend() as unknown as Backend;
    this.dispatchMethod = backendName === 'webgpu' ? 'runWebGPUProgram' : backendName === 'webgl' ? 'runWebGLProgram' : null;
    // Every call is a program run, nested ones too: webgl packs and unpacks inputs by running programs.
    if (this.dispatchMethod) this.#wrap(backend, this.dispatchMethod, () => this.#counts.dispatches++, true);
    // Only wasm and cpu keep tensor data in CPU memory; there a "read" is a copy, never a wait.
    const store = backend.tensorMap ?? backend.texData;
    this.#wrap(backend, 'readSync', (dataId) => {
      this.#counts.syncReads++;
      if (this.dispatchMethod && store?.get(dataId as object)?.values == null) {
        this.#counts.syncReadsFromDevice++;
        this.#noteStack();
      }
    });
    this.#wrap(backend, 'read', () => this.#counts.asyncReads++);
  }

  /**
   * Where the blocking reads from the device came from since the last call: a short stack per call
   * site, with how often it read.
   */
  takeStacks(): Record<string, number> {
    const stacks = Object.fromEntries(this.#stacks);
    this.#stacks.clear();
    return stacks;
  }

  #noteStack(): void {
    // Frames 0–3: the message line, this method, the counting closure and the readSync wrapper.
    const frames = (new Error().stack ?? '').split('\n').slice(4).map((line) => line.trim().replace(/^at /, '').replace(/https?:\/\/[^/]+\/assets\//, ''));
    const key = frames.slice(0, 14).join(' ← ');
    this.#stacks.set(key, (this.#stacks.get(key) ?? 0) + 1);
  }

  /** The counts so far; `reset` starts from zero again. */
  snapshot(reset = false): Counts {
    const copy = { ...this.#counts };
    if (reset) this.#counts = { dispatches: 0, syncReads: 0, syncReadsFromDevice: 0, asyncReads: 0 };
    return copy;
  }

  #wrap(backend: Backend, name: string, count: (first: unknown) => void, nestedToo = false): void {
    const original = backend[name] as Method | undefined;
    if (typeof original !== 'function') throw new Error(`the ${tf.getBackend()} backend has no ${name} method to count`);
    const depth = this.#depth;
    depth.set(name, 0);
    backend[name] = function (this: unknown, ...args: unknown[]) {
      const level = depth.get(name)!;
      if (level === 0 || nestedToo) count(args[0]);
      depth.set(name, level + 1);
      try {
        return original.apply(this, args);
      } finally {
        depth.set(name, level);
      }
    };
  }
}
