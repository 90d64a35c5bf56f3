import { selectBackend, type BackendFailure, type BackendHost, type BackendName } from './backend.ts';
import { CHOICE_VERSION, choiceKey, startPlan, type AdapterIdentity, type BackendChoice, type RememberedChoice, type StartPlan } from './backend-choice.ts';

/**
 * What the page does once the first results are out: nothing; check that the remembered entry the
 * engine started on is this adapter's (the adapter query is left until then); or run the trials.
 */
export type AfterStart = 'none' | 'verify' | 'measure';

/** What the engine started on, why, and what the page needs to measure and remember the choice. */
export interface BackendStart {
  backend: BackendName;
  failures: BackendFailure[];
  choice: BackendChoice;
  /** The memory key the choice was found under, or looked up and missed; null when not known yet. */
  key: string | null;
  /** The adapters, when start-up had to ask for them. */
  identity: AdapterIdentity | null;
  next: AfterStart;
}

/** The Worker-side pieces start-up needs; tests pass stand-ins. */
export interface StartDeps {
  tf: BackendHost;
  load: (backend: BackendName) => Promise<void>;
  identify: () => Promise<AdapterIdentity>;
  userAgent: string;
}

/**
 * Starts the engine's backend without waiting on anything it can do without. The adapter query
 * costs about 0.4 s on SwiftShader, so it is left until the first results are out, except where
 * the memory holds several entries for this browser (a machine with two GPUs), which only the
 * adapter tells apart. So: `?backend=` starts the named backend; no entry for this browser starts
 * wasm, with trials to follow; one entry starts its backend, to be checked against the adapter later.
 */
export async function startBackend(deps: StartDeps, preferred: BackendName | null, memory: Record<string, RememberedChoice>): Promise<BackendStart> {
  const { tf, load } = deps;
  if (preferred) {
    const plan = startPlan(preferred, undefined);
    return { ...(await selectBackend(tf, plan.candidates, load)), choice: plan.choice, key: null, identity: null, next: 'none' };
  }
  const sameBrowser = `v${CHOICE_VERSION} | ${deps.userAgent} |`;
  const mine = Object.entries(memory).filter(([key]) => key.startsWith(sameBrowser));
  if (mine.length > 1) {
    const identity = await deps.identify();
    const key = choiceKey(deps.userAgent, identity);
    return settle(tf, load, startPlan(null, memory[key]), memory[key], key, identity, 'none');
  }
  const [key, remembered] = mine[0] ?? [null, undefined];
  return settle(tf, load, startPlan(null, remembered), remembered, key, null, remembered ? 'verify' : 'measure');
}

/** Starts the plan's backend; a remembered one that no longer starts (a driver update, a flag turned off) means measuring again. */
async function settle(tf: BackendHost, load: StartDeps['load'], plan: StartPlan, remembered: RememberedChoice | undefined, key: string | null, identity: AdapterIdentity | null, next: AfterStart): Promise<BackendStart> {
  const started = await selectBackend(tf, plan.candidates, load);
  if (remembered && started.backend !== remembered.backend) return { ...started, choice: { reason: 'measuring' }, key, identity, next: 'measure' };
  return { ...started, choice: plan.choice, key, identity, next: plan.calibrate ? 'measure' : next };
}
