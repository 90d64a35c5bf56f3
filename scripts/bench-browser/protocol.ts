/** Messages and results shared by the bench page, its Worker and the Node script that prints them. */

/** What the Node script asks the page to run. */
export interface BenchOptions {
  backends: string[];
  /** Untimed steps before the timed ones (the first step compiles shaders and initialises the codebook). */
  warmUp: number;
  /** Timed rounds at most (ours and stock alternate); the figure is their median. */
  repeats: number;
  /** Fewer rounds are taken when `repeats` of them would take longer than this per side (SwiftShader). */
  budgetMs: number;
  /** Workload names to run (see `workloadNames`); all when empty. */
  only: string[];
  /** Profile one more step per side with the backend's timer, for time by kernel name. */
  kernelTimes: boolean;
  /** Milliseconds one backend may take before its Worker is stopped and reported as timed out. */
  backendTimeoutMs: number;
}

/** The workloads, in the order they run. */
export const workloadNames = ['train r1 b128', 'train r1 b32', 'train tiny b32', 'prior sample 7×7', 'encode+decode r1 b128'] as const;

/** One implementation's figures for one workload. */
export interface SideResult {
  /**
   * Wall time of one step (a training step, one sampled grid, one encode+decode): the median over rounds
   * of a round's time (its steps back to back, then a wait for the GPU queue to drain) per step.
   */
  msPerStep: number;
  /** Items (images, or grids for the prior) per second at that time. */
  itemsPerSecond: number;
  /** Timed rounds taken (fewer than asked when steps are slow), and steps in each. */
  rounds: number;
  stepsPerRound: number;
  /** Kernels TF.js ran in one step, as tf.profile lists them. */
  kernels: number;
  /** The same step's kernels by name, most frequent first: where to look for dispatches to cut. */
  kernelsByName: Record<string, number>;
  /** Shader programs run per step (webgpu runWebGPUProgram, webgl runWebGLProgram); null on wasm/cpu. */
  dispatches: number | null;
  /** readSync calls per step: blocking reads on a GPU backend. */
  syncReads: number;
  /** Of those, the ones whose values were still on the device (the ones that wait). */
  syncReadsFromDevice: number;
  /** Where the blocking reads from the device were made (a short stack each), with how many over all timed steps. */
  blockingReadSites?: Record<string, number>;
  /** read calls per step: data()/array() awaits. */
  asyncReads: number;
  /** Tensors left behind per step (should be 0). */
  tensorsLeakedPerStep: number;
  /** Each round's ms per step. */
  samplesMs: number[];
  /** With --kernel-times: one profiled step's milliseconds by kernel name, largest first. */
  kernelMs?: Record<string, number>;
}

/** One workload on one backend: ours against stock TF.js. */
export interface WorkloadResult {
  workload: string;
  /** What one item is: an image, or a 7×7 grid of codes. */
  unit: 'image' | 'grid';
  itemsPerStep: number;
  ours: SideResult | { error: string };
  stock: SideResult | { error: string } | { skipped: string };
}

/** One backend's run. */
export interface BackendResult {
  backend: string;
  /** Set when the backend could not start or its Worker died; then `workloads` holds what finished. */
  error?: string;
  environment?: Record<string, unknown>;
  workloads: WorkloadResult[];
}

/** From the Worker to the page. */
export type WorkerMessage = { type: 'progress'; text: string } | { type: 'workload'; result: WorkloadResult } | { type: 'environment'; environment: Record<string, unknown> } | { type: 'done' } | { type: 'failed'; error: string };
