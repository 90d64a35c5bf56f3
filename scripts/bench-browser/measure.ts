/**
 * Times step functions and counts what they cost the backend. Ours and stock are measured in
 * alternating rounds, as the CPU benchmark alternates PyTorch and us, so that load from elsewhere on a
 * shared machine cannot fall on one side only. A round is a few steps back to back followed by a wait
 * for the GPU queue to drain, so a loop that queues its next step without waiting is credited for it,
 * and no side's queued GPU work spills into the other's round.
 */
import * as tf from '../../src/lib/vq/tf.ts';
import type { BackendCounters, Counts } from './counters.ts';
import type { SideResult } from './protocol.ts';

/** One implementation of a workload: a step to time, and how to free what it built. */
export type Side = { step: () => Promise<unknown>; dispose: () => void };

/** How much to time. */
export interface MeasureSettings {
  warmUp: number;
  /** Rounds at most; the figure is their median. */
  repeats: number;
  /** Rounds stop being added once this many milliseconds' worth per side are expected (SwiftShader). */
  budgetMs: number;
  /** Also profile one more step per side with the backend's own timer, for time by kernel name. */
  kernelTimes: boolean;
}

/** A round lasts at least this long where steps are quick, so timer and drain costs stay small. */
const minimumRoundMs = 250;
const maximumStepsPerRound = 10;

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
async function kernelNames(step: () => Promise<unknown>): Promise<string[]> {
  const backend = tf.backend() as unknown as Timer;
  const own = { timerAvailable: Object.hasOwn(backend, 'timerAvailable'), time: Object.hasOwn(backend, 'time') };
  const saved = { timerAvailable: backend.timerAvailable, time: backend.time };
  backend.timerAvailable = () => true;
  backend.time = async (run: () => void) => {
    run();
    return { kernelMs: 0, wallMs: 0 };
  };
  try {
    return (await tf.profile(async () => void (await step()))).kernels.map((k) => k.name);
  } finally {
    for (const key of ['timerAvailable', 'time'] as const) {
      if (own[key]) backend[key] = saved[key];
      else delete backend[key];
    }
  }
}

/** How often each kernel ran, most frequent first. */
function countByName(names: string[]): Record<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
}

/**
 * One more step under tf.profile with the backend's timer: milliseconds by kernel name, largest first.
 * GPU timers (webgpu timestamp queries) time the kernels themselves; without one (webgl here) TF.js
 * reads each kernel's output back, so each figure includes a wait, and the step runs slower.
 */
async function kernelTimes(step: () => Promise<unknown>): Promise<Record<string, number>> {
  const profile = await tf.profile(async () => void (await step()));
  const times = new Map<string, number>();
  for (const kernel of profile.kernels) {
    const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : NaN;
    times.set(kernel.name, (times.get(kernel.name) ?? 0) + ms);
  }
  return Object.fromEntries([...times].sort((a, b) => b[1] - a[1]).map(([name, ms]) => [name, Math.round(ms * 1000) / 1000]));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const errorText = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/** A side being measured: its plan and what it has run up to now. */
type Run = { side: Side; stepsPerRound: number; rounds: number; kernels: string[]; roundMs: number[]; counts: Counts; stacks: Record<string, number>; steps: number; leaked: number; error?: string };

/**
 * Warms each side up (at least one untimed step, which compiles shaders and builds optimizer slots),
 * then runs them in alternating rounds; the first step of each side's first round also runs under
 * tf.profile for the kernel count. A side that throws is reported with its error; the others go on.
 */
export async function measureSides(sides: Record<string, Side>, itemsPerStep: number, counters: BackendCounters, settings: MeasureSettings): Promise<Record<string, SideResult | { error: string }>> {
  const runs: Record<string, Run> = {};
  for (const [name, side] of Object.entries(sides)) {
    const run: Run = { side, stepsPerRound: 1, rounds: 1, kernels: [], roundMs: [], counts: { dispatches: 0, syncReads: 0, syncReadsFromDevice: 0, asyncReads: 0 }, stacks: {}, steps: 0, leaked: 0 };
    runs[name] = run;
    try {
      let stepMs = 0;
      for (let i = 0; i < Math.max(1, settings.warmUp); i++) {
        const start = performance.now();
        await side.step();
        await drainQueue();
        stepMs = performance.now() - start;
      }
      // The last warm-up step may still compile a shader first used late: this errs towards fewer steps.
      run.stepsPerRound = Math.max(1, Math.min(maximumStepsPerRound, Math.ceil(minimumRoundMs / stepMs)));
      run.rounds = Math.max(1, Math.min(settings.repeats, Math.floor(settings.budgetMs / (stepMs * run.stepsPerRound))));
    } catch (error) {
      run.error = errorText(error);
    }
  }
  const rounds = Math.max(...Object.values(runs).map((r) => r.rounds));
  for (let round = 0; round < rounds; round++) {
    for (const run of Object.values(runs)) {
      if (run.error || round >= run.rounds) continue;
      try {
        const tensorsBefore = tf.memory().numTensors;
        const before = counters.snapshot();
        counters.takeStacks();
        const start = performance.now();
        for (let i = 0; i < run.stepsPerRound; i++) {
          if (round === 0 && i === 0) run.kernels = await kernelNames(run.side.step);
          else await run.side.step();
        }
        const after = counters.snapshot();
        for (const [stack, n] of Object.entries(counters.takeStacks())) run.stacks[stack] = (run.stacks[stack] ?? 0) + n;
        await drainQueue();
        run.roundMs.push(performance.now() - start);
        for (const key of Object.keys(after) as (keyof Counts)[]) run.counts[key] += after[key] - before[key];
        run.steps += run.stepsPerRound;
        run.leaked += tf.memory().numTensors - tensorsBefore;
      } catch (error) {
        run.error = errorText(error);
      }
    }
  }
  const times: Record<string, Record<string, number>> = {};
  if (settings.kernelTimes) {
    for (const [name, run] of Object.entries(runs)) {
      if (run.error) continue;
      try {
        times[name] = await kernelTimes(run.side.step);
        await drainQueue();
      } catch (error) {
        run.error = `kernel times: ${errorText(error)}`;
      }
    }
  }
  const results: Record<string, SideResult | { error: string }> = {};
  for (const [name, run] of Object.entries(runs)) {
    if (run.error) {
      results[name] = { error: run.error };
      continue;
    }
    const samplesMs = run.roundMs.map((ms) => ms / run.stepsPerRound);
    const msPerStep = median(samplesMs);
    const perStep = (n: number) => n / run.steps;
    results[name] = {
      msPerStep,
      itemsPerSecond: (itemsPerStep * 1000) / msPerStep,
      rounds: run.roundMs.length,
      stepsPerRound: run.stepsPerRound,
      kernels: run.kernels.length,
      kernelsByName: countByName(run.kernels),
      dispatches: counters.dispatchMethod ? perStep(run.counts.dispatches) : null,
      syncReads: perStep(run.counts.syncReads),
      syncReadsFromDevice: perStep(run.counts.syncReadsFromDevice),
      ...(Object.keys(run.stacks).length ? { blockingReadSites: run.stacks } : {}),
      asyncReads: perStep(run.counts.asyncReads),
      tensorsLeakedPerStep: perStep(run.leaked),
      samplesMs,
      ...(times[name] ? { kernelMs: times[name] } : {}),
    };
  }
  return results;
}
