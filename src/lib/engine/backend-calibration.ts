import type { BackendName } from './backend.ts';
import { isSoftwareRenderer, type AdapterIdentity, type Trial } from './backend-choice.ts';
import type { TrialReply, TrialRequest } from './calibration-worker.ts';
import { startTrialWorker } from './module-worker.ts';

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
  /** How long a Worker that lost while still loading its backend may finish loading before it is ended anyway. */
  lateEndMs: number;
}

/**
 * One warm-up and three timed steps at batch 32. A hardware GPU gets 10 s, room for compiling its
 * shaders the first time; a software one 1.5 s, so that losing costs the page little CPU.
 */
export const defaultTrialPlan: TrialPlan = { batchSize: 32, steps: 3, budgetMs: 10_000, softwareBudgetMs: 1500, lateEndMs: 10_000 };

/** Starts a trial Worker; tests pass a stand-in. */
export type TrialWorkerFactory = () => Pick<Worker, 'postMessage' | 'terminate' | 'addEventListener'>;

const trialWorker: TrialWorkerFactory = startTrialWorker;

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

/**
 * Subscribes `abort` to whatever should interrupt a trial (a widget asking the engine for something);
 * returns the function that unsubscribes it.
 */
export type Interrupts = (abort: () => void) => () => void;

/**
 * Runs one trial to its end or its deadline. With `interrupts`, a trial is ended as soon as they
 * fire, and resolves with 'interrupted' instead of a time: a widget starting up meanwhile would
 * both wait for the trial and spoil its figure.
 */
export function runTrial(
  { backend, software }: Candidate,
  plan: TrialPlan = defaultTrialPlan,
  spawn: TrialWorkerFactory = trialWorker,
  interrupts?: Interrupts,
): Promise<Trial | 'interrupted'> {
  const budgetMs = software ? plan.softwareBudgetMs : plan.budgetMs;
  const started = performance.now();
  return new Promise((resolve) => {
    let worker: ReturnType<TrialWorkerFactory> | undefined;
    let over = false;
    let loaded = false;
    let lateEnd: ReturnType<typeof setTimeout> | undefined;
    const terminate = () => {
      clearTimeout(lateEnd);
      worker?.terminate();
    };
    // The first of reply, deadline and interruption decides; a reply after a deadline is ignored.
    // A Worker still loading its backend is ended once loaded (or after `lateEndMs`), not mid-download.
    const finish = (result: Trial | 'interrupted') => {
      if (over) return;
      over = true;
      // Named in the browser's performance timeline, so a profile of the page shows where trials ran.
      performance.measure(`vq-backend trial: ${backend}${result === 'interrupted' ? ' (interrupted)' : ''}`, { start: started });
      clearTimeout(timer);
      unsubscribe();
      if (loaded || !worker) terminate();
      else lateEnd = setTimeout(terminate, plan.lateEndMs);
      resolve(result);
    };
    const end = (trial: Omit<Trial, 'backend' | 'fallbackAdapter' | 'budgetMs'>) => finish({ backend, fallbackAdapter: software, budgetMs, ...trial });
    const timer = setTimeout(() => end({ msPerStep: null, failure: 'timeout' }), budgetMs);
    const unsubscribe = interrupts?.(() => finish('interrupted')) ?? (() => {});
    try {
      worker = spawn();
    } catch (error) {
      end({ msPerStep: null, failure: 'error', detail: (error as Error).message });
      return;
    }
    worker.addEventListener('message', (event) => {
      const reply = (event as MessageEvent<TrialReply>).data;
      if ('loaded' in reply) {
        loaded = true;
        if (over) terminate();
      } else end(reply.ok ? { msPerStep: reply.msPerStep } : { msPerStep: null, failure: 'error', detail: reply.detail });
    });
    worker.addEventListener('error', (event) => end({ msPerStep: null, failure: 'error', detail: (event as ErrorEvent).message || 'the trial Worker failed to load' }));
    worker.postMessage({ backend, batchSize: plan.batchSize, steps: plan.steps } satisfies TrialRequest);
  });
}

/** How the trials fit around the page's own work. */
export interface TrialPacing {
  /** Runs before each attempt and may wait, for the page to be quiet again. */
  before?: () => Promise<void>;
  /** What interrupts an attempt (see `runTrial`); the last attempt is never interrupted. */
  interrupts?: Interrupts;
  /** Attempts a candidate gets, the last one uninterruptible. */
  attempts?: number;
}

/**
 * Every candidate's trial, in turn, each after `before`. An interrupted attempt is tried again
 * after the next quiet moment, up to `attempts` times, so a reader scrolling from widget to widget
 * delays the measuring rather than the widgets.
 */
export async function runTrials(identity: AdapterIdentity, pacing: TrialPacing = {}, plan: TrialPlan = defaultTrialPlan, spawn: TrialWorkerFactory = trialWorker): Promise<Trial[]> {
  const { before = async () => {}, interrupts, attempts = 3 } = pacing;
  const trials: Trial[] = [];
  for (const candidate of trialCandidates(identity)) {
    for (let attempt = 1; ; attempt++) {
      await before();
      const trial = await runTrial(candidate, plan, spawn, attempt < attempts ? interrupts : undefined);
      if (trial === 'interrupted') continue;
      trials.push(trial);
      break;
    }
  }
  return trials;
}
