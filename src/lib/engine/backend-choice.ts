import { backendCandidates, backendOrder, type BackendName } from './backend.ts';

/**
 * The backend chosen by measurement, as pure functions of given timings: which trial wins, how the
 * choice is remembered, and what the engine starts on. The trials themselves run in
 * backend-calibration.ts; the memory lives in backend-memory.ts.
 */

/** Bumped when the trial or the engine changes enough that old measurements no longer hold. */
export const CHOICE_VERSION = 1;

/** The backends a trial can measure; cpu is only ever a last resort, never a contender. */
export const contenders = ['webgpu', 'webgl', 'wasm'] as const satisfies readonly BackendName[];

/** What the engine learns of this browser's graphics: enough to tell one machine's adapters apart. */
export interface AdapterIdentity {
  /** The WebGPU adapter as "vendor/architecture/device"; null when the browser offers none. */
  webgpu: string | null;
  /** True when that adapter is a software one (SwiftShader): `adapter.info.isFallbackAdapter`. */
  fallbackAdapter: boolean;
  /** WebGL2's renderer string (the unmasked one where the browser tells it); null without WebGL2. */
  webgl: string | null;
}

/** A WebGL renderer that is really the CPU: SwiftShader, Mesa's llvmpipe and softpipe, Windows' basic renderer. */
export function isSoftwareRenderer(renderer: string | null): boolean {
  return renderer !== null && /swiftshader|llvmpipe|softpipe|software|basic render/i.test(renderer);
}

/** The key a choice is remembered under: the same browser build, the same adapters, the same trial. */
export function choiceKey(userAgent: string, identity: AdapterIdentity, version = CHOICE_VERSION): string {
  const gpu = identity.webgpu === null ? 'none' : `${identity.webgpu}${identity.fallbackAdapter ? ' (fallback)' : ''}`;
  return `v${version} | ${userAgent} | webgpu: ${gpu} | webgl: ${identity.webgl ?? 'none'}`;
}

/** Why a trial produced no time: it ran past its budget, or it failed (could not start, threw). */
export type TrialFailure = 'timeout' | 'error';

/** One candidate's trial: the median milliseconds of a training step, or why there is none. */
export interface Trial {
  backend: BackendName;
  msPerStep: number | null;
  failure?: TrialFailure;
  /** The error's message, for a failed trial. */
  detail?: string;
  /** True for WebGPU on a fallback (software) adapter, and for WebGL on a software renderer. */
  fallbackAdapter: boolean;
  /** The milliseconds the trial had, so a timeout can say how long it waited. */
  budgetMs?: number;
}

/** The candidate the winner is compared with in the badge: how much slower it was, or why it has no time. */
export interface Comparison {
  backend: BackendName;
  /** Its time over the winner's; null when it has no time. */
  ratio: number | null;
  failure?: TrialFailure;
  fallbackAdapter: boolean;
  budgetMs?: number;
}

/** A measured winner, the comparison that explains it (null when nothing else ran), and every trial. */
export interface Measured {
  backend: BackendName;
  versus: Comparison | null;
  trials: Trial[];
}

/**
 * The fastest trial wins; a failed or timed-out trial loses. A software adapter wins only when it is
 * strictly faster than every hardware candidate, so a tie never hands the page to SwiftShader.
 * The comparison shown is with the backend the fixed order would have taken (WebGPU first) when the
 * winner is another, else with the runner-up. Null when no trial finished.
 */
export function chooseBackend(trials: Trial[]): Measured | null {
  const finished = trials.filter((t): t is Trial & { msPerStep: number } => t.msPerStep !== null && Number.isFinite(t.msPerStep));
  if (finished.length === 0) return null;
  const ranked = [...finished].sort((a, b) => a.msPerStep - b.msPerStep || Number(a.fallbackAdapter) - Number(b.fallbackAdapter));
  const winner = ranked[0];
  const others = trials.filter((t) => t.backend !== winner.backend);
  const compare = (t: Trial): Comparison => ({
    backend: t.backend,
    ratio: t.msPerStep === null ? null : t.msPerStep / winner.msPerStep,
    ...(t.failure ? { failure: t.failure } : {}),
    fallbackAdapter: t.fallbackAdapter,
    ...(t.budgetMs === undefined ? {} : { budgetMs: t.budgetMs }),
  });
  const firstInOrder = backendOrder.find((b) => others.some((t) => t.backend === b));
  const expected = others.find((t) => t.backend === firstInOrder);
  const winnerRank = backendOrder.indexOf(winner.backend);
  const runnerUp = ranked[1];
  const versus = expected && backendOrder.indexOf(expected.backend) < winnerRank ? compare(expected) : runnerUp ? compare(runnerUp) : null;
  return { backend: winner.backend, versus, trials };
}

/** A choice as the page keeps it between visits. */
export interface RememberedChoice extends Measured {
  /** When it was measured (ISO 8601), for a reader looking into localStorage. */
  measuredAt: string;
}

/** Why the engine runs on the backend it runs on, as the badge tells it. */
export type BackendChoice =
  /** `?backend=NAME` (or an element's `backend` attribute) named it; the engine may still have fallen back from it. */
  | { reason: 'asked'; asked: BackendName }
  /** An earlier visit measured it on this browser and adapter. */
  | { reason: 'remembered'; measured: Measured }
  /** The page started on wasm at once and is measuring the candidates meanwhile. */
  | { reason: 'measuring' }
  | { reason: 'measured'; measured: Measured }
  /** Another backend won, but models had already trained here, so it is used from the next visit. */
  | { reason: 'next-visit'; measured: Measured }
  /** No trial finished; the page stays where it started and measures again next time. */
  | { reason: 'unmeasured' };

/** What init starts: the backends to try in order, why, and whether trials should follow. */
export interface StartPlan {
  candidates: BackendName[];
  choice: BackendChoice;
  calibrate: boolean;
}

/**
 * The start-up plan: a `?backend=` request wins outright; else a remembered choice for this key;
 * else wasm at once (it starts in well under a second everywhere) with trials to follow.
 */
export function startPlan(preferred: BackendName | null, remembered: RememberedChoice | undefined): StartPlan {
  if (preferred) return { candidates: backendCandidates(preferred), choice: { reason: 'asked', asked: preferred }, calibrate: false };
  if (remembered) {
    const { backend, versus, trials } = remembered;
    return { candidates: backendCandidates(backend), choice: { reason: 'remembered', measured: { backend, versus, trials } }, calibrate: false };
  }
  return { candidates: ['wasm', 'cpu'], choice: { reason: 'measuring' }, calibrate: true };
}
