/**
 * Times one step function and counts what it costs the backend: after untimed warm-up steps (the first
 * compiles shaders, builds optimizer slots and initialises the codebook), each timed step is counted,
 * and the first of them also runs under tf.profile for the kernel count.
 */
import * as tf from '../../src/lib/vq/tf.ts';
import type { BackendCounters } from './counters.ts';
import type { SideResult } from './protocol.ts';

/**
 * Waits until the GPU has finished everything queued so far: a read of a freshly computed value
 * comes back only after the work before it in the queue. A no-op wait on wasm and cpu.
 */
export async function drainQueue(): Promise<void> {
  const marker = tf.tidy(() => tf.add(tf.zeros([1]), 1));
  await marker.data();
  marker.dispose();
}

type Timer = { timerAvailable?: unknown; time?: unknown };

/**
 * tf.profile's kernel list for one run of `step`. Profiling times each kernel with the backend's timer;
 * where there is none (webgl without a GPU timer) it reads every kernel's output back to time it, and
 * on webgpu it adds timestamp queries. Only the list is wanted, so the backend is handed a timer that
 * times nothing while the step runs: the step dispatches and reads exactly what it does unprofiled.
 */
async function kernelCount(step: () => Promise<unknown>): Promise<number> {
  const backend = tf.backend() as unknown as Timer;
  const own = { timerAvailable: Object.hasOwn(backend, 'timerAvailable'), time: Object.hasOwn(backend, 'time') };
  const saved = { timerAvailable: backend.timerAvailable, time: backend.time };
  backend.timerAvailable = () => true;
  backend.time = async (run: () => void) => {
    run();
    return { kernelMs: 0, wallMs: 0 };
  };
  try {
    return (await tf.profile(async () => void (await step()))).kernels.length;
  } finally {
    for (const key of ['timerAvailable', 'time'] as const) {
      if (own[key]) backend[key] = saved[key];
      else delete backend[key];
    }
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** How many steps to time: at most `repeats`, fewer when a step is slow (SwiftShader). */
export interface MeasureSettings {
  warmUp: number;
  repeats: number;
  /** Timed steps stop being added once this many milliseconds' worth are expected. */
  budgetMs: number;
}

/** Runs `step` untimed `warmUp` times (at least once), then times and counts up to `repeats` runs. */
export async function measure(step: () => Promise<unknown>, itemsPerStep: number, counters: BackendCounters, settings: MeasureSettings): Promise<SideResult> {
  let warmUpMs = 0;
  for (let i = 0; i < Math.max(1, settings.warmUp); i++) {
    const start = performance.now();
    await step();
    await drainQueue();
    warmUpMs = performance.now() - start;
  }
  // The last warm-up step still pays for any shader first used late, so this errs towards fewer steps.
  const repeats = Math.max(1, Math.min(settings.repeats, Math.floor(settings.budgetMs / warmUpMs)));
  const tensorsBefore = tf.memory().numTensors;
  counters.snapshot(true);
  const samplesMs: number[] = [];
  let kernels = 0;
  const loopStart = performance.now();
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    if (i === 0) kernels = await kernelCount(step);
    else await step();
    samplesMs.push(performance.now() - start);
  }
  const counts = counters.snapshot(true);
  await drainQueue();
  const loopMs = performance.now() - loopStart;
  const msPerStep = median(samplesMs);
  const perStep = (n: number) => n / repeats;
  return {
    msPerStep,
    loopMsPerStep: loopMs / repeats,
    itemsPerSecond: (itemsPerStep * 1000) / msPerStep,
    repeats,
    kernels,
    dispatches: counters.dispatchMethod ? perStep(counts.dispatches) : null,
    syncReads: perStep(counts.syncReads),
    syncReadsFromDevice: perStep(counts.syncReadsFromDevice),
    asyncReads: perStep(counts.asyncReads),
    tensorsLeakedPerStep: (tf.memory().numTensors - tensorsBefore) / repeats,
    samplesMs,
  };
}
