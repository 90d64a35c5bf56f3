import type { BackendName } from './backend.ts';
import { isSoftwareRenderer, type AdapterIdentity, type Trial } from './backend-choice.ts';
import type { TrialReply, TrialRequest } from './calibration-worker.ts';

/**
 * The trials, run from the page: each candidate in a short-lived Worker of its own, one after
 * another (the machine may have two cores, and the engine is using one), each ended on its deadline.
 * A candidate that cannot finish in its budget has lost; its Worker is terminated, so a GPU
 * backend stuck compiling shaders costs the page nothing afterwards.
 */

/** How the trials run; the defaults are what the engine uses. */
export interface TrialPlan {
  /** The tiny preset's batch, as the widgets train it. */
  batchSize: number;
  /** Timed steps after the warm-up. */
  steps: number;
  /** Milliseconds a candidate has, from its Worker's start to its last timed step. */
  budgetMs: number;
  /**
   * The budget of a software adapter or renderer. It has to beat wasm to be chosen, and on
   * SwiftShader a tiny step takes seconds (wasm: tens of milliseconds), so it gets little time.
   */
  softwareBudgetMs: number;
}

/**
 * One warm-up and three timed steps at batch 32. A hardware GPU gets 10 s, room for compiling its
 * shaders the first time; a software one 1.5 s, so that losing costs the page little CPU.
 */
export const defaultTrialPlan: TrialPlan = { batchSize: 32, steps: 3, budgetMs: 10_000, softwareBudgetMs: 1500 };

/** Starts a trial Worker; tests pass a stand-in. */
export type TrialWorkerFactory = () => Pick<Worker, 'postMessage' | 'terminate' | 'addEventListener'>;

const trialWorker: TrialWorkerFactory = () => new Worker(new URL('./calibration-worker.ts', import.meta.url), { type: 'module', name: 'vq-backend-trial' });

/** A candidate to try: the backend, and whether it is a software adapter or renderer. */
export interface Candidate {
  backend: BackendName;
  software: boolean;
}

/**
 * The order of the trials: wasm first (it is quick, and it is what the page runs on meanwhile),
 * then the GPU backends this browser has. A backend the adapter query found missing is not tried.
 */
export function trialCandidates(identity: AdapterIdentity): Candidate[] {
  return [
    { backend: 'wasm', software: false },
    ...(identity.webgpu ? [{ backend: 'webgpu' as const, software: identity.fallbackAdapter }] : []),
    ...(identity.webgl ? [{ backend: 'webgl' as const, software: isSoftwareRenderer(identity.webgl) }] : []),
  ];
}

/** Runs one trial to its end or its deadline. */
export function runTrial({ backend, software }: Candidate, plan: TrialPlan = defaultTrialPlan, spawn: TrialWorkerFactory = trialWorker): Promise<Trial> {
  const budgetMs = software ? plan.softwareBudgetMs : plan.budgetMs;
  return new Promise((resolve) => {
    let worker: ReturnType<TrialWorkerFactory> | undefined;
    const end = (trial: Omit<Trial, 'backend' | 'fallbackAdapter' | 'budgetMs'>) => {
      clearTimeout(timer);
      worker?.terminate();
      resolve({ backend, fallbackAdapter: software, budgetMs, ...trial });
    };
    const timer = setTimeout(() => end({ msPerStep: null, failure: 'timeout' }), budgetMs);
    try {
      worker = spawn();
    } catch (error) {
      end({ msPerStep: null, failure: 'error', detail: (error as Error).message });
      return;
    }
    worker.addEventListener('message', (event) => {
      const reply = (event as MessageEvent<TrialReply>).data;
      end(reply.ok ? { msPerStep: reply.msPerStep } : { msPerStep: null, failure: 'error', detail: reply.detail });
    });
    worker.addEventListener('error', (event) => end({ msPerStep: null, failure: 'error', detail: (event as ErrorEvent).message || 'the trial Worker failed to load' }));
    worker.postMessage({ backend, batchSize: plan.batchSize, steps: plan.steps } satisfies TrialRequest);
  });
}

/**
 * Every candidate's trial, in turn. `before` runs before each one and may wait (for the page to
 * be quiet again), so a widget that starts up meanwhile does not share the CPU with a trial.
 */
export async function runTrials(identity: AdapterIdentity, before: () => Promise<void> = async () => {}, plan: TrialPlan = defaultTrialPlan, spawn: TrialWorkerFactory = trialWorker): Promise<Trial[]> {
  const trials: Trial[] = [];
  for (const candidate of trialCandidates(identity)) {
    await before();
    trials.push(await runTrial(candidate, plan, spawn));
  }
  return trials;
}
