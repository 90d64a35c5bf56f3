import type { BackendFailure, BackendName, BackendRequest } from './backend.ts';
import { adapterIdentity } from './adapter-identity.ts';
import { runTrials } from './backend-calibration.ts';
import { chooseBackend, choiceKey, type BackendChoice } from './backend-choice.ts';
import { forget, pageStorage, readMemory, remember, type ChoiceStorage } from './backend-memory.ts';
import type { Api, MatmulTiming, RequestType } from './protocol.ts';
import type { RequestActivity } from './request-activity.ts';

/** The part of the page's engine that start-up fills in (EngineClient's reactive fields). */
export interface StartTarget {
  status: 'starting' | 'ready' | 'error';
  backend: BackendName | null;
  failures: BackendFailure[];
  matmul: MatmulTiming | null;
  choice: BackendChoice | null;
  threads: number | null;
  error: string | null;
  readonly activity: RequestActivity;
  call<K extends RequestType>(type: K, body: Api[K]['req']): Promise<Api[K]['res']>;
}

/**
 * Resolves once the page is shown and its engine has had no request in flight for `quietMs`, or
 * `maxMs` after the call however busy it is (a figure that samples on and on is never quiet long).
 */
async function whenQuiet(activity: RequestActivity, quietMs = 500, maxMs = 5000): Promise<void> {
  const start = performance.now();
  const ready = () => document.visibilityState === 'visible' && (activity.quiet(quietMs) || performance.now() - start >= maxMs);
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 100));
}

/**
 * Starts the engine the way the page asked: the Worker starts at once (see backend-start.ts). Once
 * the first results are out, a remembered entry is checked against the adapter, and a provisional
 * start is measured: the candidates' trials run between the widgets' requests, the winner is
 * remembered, and the engine moves to it if no model has trained yet (else from the next visit).
 */
export async function startEngine(target: StartTarget, request: BackendRequest, storage: ChoiceStorage | null = pageStorage()): Promise<void> {
  let ready: Api['init']['res'];
  try {
    ready = await target.call('init', { preferred: request.preferred, memory: readMemory(storage) });
  } catch (error) {
    target.error = (error as Error).message;
    target.status = 'error';
    return;
  }
  Object.assign(target, { backend: ready.backend, failures: ready.failures, matmul: ready.matmul, threads: ready.threads, choice: ready.choice, status: 'ready' });
  if (ready.next === 'none') return;
  await whenQuiet(target.activity);
  const identity = ready.identity ?? (await adapterIdentity());
  const key = choiceKey(navigator.userAgent, identity);
  if (ready.next === 'verify' && key === ready.key) return;
  // A remembered backend that failed to start, or an entry from another adapter, is measured afresh.
  if (ready.key !== null) forget(storage, ready.key);
  target.choice = { reason: 'measuring' };
  try {
    const { activity } = target;
    const trials = await runTrials(identity, { before: () => whenQuiet(activity), interrupts: (abort) => activity.onBegin(abort) });
    const measured = chooseBackend(trials);
    if (!measured) {
      target.choice = { reason: 'unmeasured' };
      return;
    }
    remember(storage, key, { ...measured, measuredAt: new Date().toISOString() });
    if (measured.backend === target.backend) {
      target.choice = { reason: 'measured', measured };
      return;
    }
    const reply = await target.call('switchBackend', { backend: measured.backend });
    Object.assign(target, { backend: reply.backend, matmul: reply.matmul, threads: reply.threads, choice: { reason: reply.switched ? 'measured' : 'next-visit', measured } });
  } catch {
    // Trials that could not start, or a winner the engine could not move to: stay, and measure next time.
    forget(storage, key);
    target.choice = { reason: 'unmeasured' };
  }
}
