import { afterEach, describe, expect, it, vi } from 'vitest';
import { runTrial, runTrials, trialCandidates, type TrialPlan, type TrialWorkerFactory } from '../../src/lib/engine/backend-calibration.ts';
import type { TrialReply, TrialRequest } from '../../src/lib/engine/calibration-worker.ts';
import { wasmThreadCount } from '../../src/lib/engine/backend-loaders.ts';
import { RequestActivity } from '../../src/lib/engine/request-activity.ts';

const plan: TrialPlan = { batchSize: 32, steps: 3, budgetMs: 1000, softwareBudgetMs: 100, lateEndMs: 5000 };

/** A trial Worker that answers after `delayMs` with `reply(request)`, or never; records what happened to it. */
function fakeWorkers(answer: (request: TrialRequest) => { delayMs: number; reply: TrialReply } | null, loadMs: number | null = 0) {
  const log: string[] = [];
  const spawn: TrialWorkerFactory = () => {
    let onMessage: ((event: MessageEvent) => void) | null = null;
    return {
      addEventListener: (type: string, listener: EventListenerOrEventListenerObject) => {
        if (type === 'message') onMessage = listener as (event: MessageEvent) => void;
      },
      postMessage: (request: TrialRequest) => {
        log.push(`start ${request.backend}`);
        const a = answer(request);
        if (loadMs !== null) setTimeout(() => onMessage?.({ data: { loaded: true } } as MessageEvent), loadMs);
        if (a) setTimeout(() => onMessage?.({ data: a.reply } as MessageEvent), a.delayMs);
      },
      terminate: () => log.push('terminate'),
    } as unknown as ReturnType<TrialWorkerFactory>;
  };
  return { spawn, log };
}

afterEach(() => vi.useRealTimers());

describe('trials', () => {
  it('tries wasm first, then the GPU backends the browser has', () => {
    expect(trialCandidates({ webgpu: 'a/b/c', fallbackAdapter: true, webgl: 'ANGLE (SwiftShader)' })).toEqual([
      { backend: 'wasm', software: false },
      { backend: 'webgpu', software: true },
      { backend: 'webgl', software: true },
    ]);
    expect(trialCandidates({ webgpu: null, fallbackAdapter: false, webgl: null })).toEqual([{ backend: 'wasm', software: false }]);
  });

  it('a trial that finishes gives its time, and its Worker is ended', async () => {
    vi.useFakeTimers();
    const { spawn, log } = fakeWorkers(() => ({ delayMs: 50, reply: { ok: true, msPerStep: 12, steps: [12, 12, 12], threads: 2 } }));
    const trial = runTrial({ backend: 'wasm', software: false }, plan, spawn);
    await vi.advanceTimersByTimeAsync(50);
    expect(await trial).toEqual({ backend: 'wasm', fallbackAdapter: false, budgetMs: 1000, msPerStep: 12 });
    expect(log).toEqual(['start wasm', 'terminate']);
  });

  it('a trial past its budget loses and its Worker is terminated; a software adapter has the shorter budget', async () => {
    vi.useFakeTimers();
    const { spawn, log } = fakeWorkers(() => null);
    const trial = runTrial({ backend: 'webgpu', software: true }, plan, spawn);
    await vi.advanceTimersByTimeAsync(100);
    expect(await trial).toEqual({ backend: 'webgpu', fallbackAdapter: true, budgetMs: 100, msPerStep: null, failure: 'timeout' });
    expect(log).toEqual(['start webgpu', 'terminate']);
  });

  it('a Worker that loses while still loading its backend is ended once loaded, not mid-download', async () => {
    vi.useFakeTimers();
    const { spawn, log } = fakeWorkers(() => null, 300);
    const trial = runTrial({ backend: 'webgpu', software: true }, plan, spawn);
    await vi.advanceTimersByTimeAsync(100);
    expect(await trial).toMatchObject({ msPerStep: null, failure: 'timeout' });
    expect(log).toEqual(['start webgpu']);
    await vi.advanceTimersByTimeAsync(200);
    expect(log).toEqual(['start webgpu', 'terminate']);
  });

  it('a Worker that never finishes loading is ended after the grace period', async () => {
    vi.useFakeTimers();
    const { spawn, log } = fakeWorkers(() => null, null);
    const trial = runTrial({ backend: 'webgl', software: false }, plan, spawn);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await trial).toMatchObject({ failure: 'timeout' });
    await vi.advanceTimersByTimeAsync(4999);
    expect(log).toEqual(['start webgl']);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['start webgl', 'terminate']);
  });

  it('a trial that fails loses, with its reason', async () => {
    vi.useFakeTimers();
    const { spawn } = fakeWorkers(() => ({ delayMs: 1, reply: { ok: false, detail: 'no adapter' } }));
    const trial = runTrial({ backend: 'webgl', software: false }, plan, spawn);
    await vi.advanceTimersByTimeAsync(1);
    expect(await trial).toMatchObject({ msPerStep: null, failure: 'error', detail: 'no adapter' });
  });

  it('a Worker that cannot be made is a failed trial', async () => {
    const trial = await runTrial({ backend: 'wasm', software: false }, plan, () => {
      throw new Error('Workers are blocked');
    });
    expect(trial).toMatchObject({ msPerStep: null, failure: 'error', detail: 'Workers are blocked' });
  });

  it('run one after another, each after the `before` wait', async () => {
    vi.useFakeTimers();
    const times: Record<string, number | null> = { wasm: 40, webgpu: null, webgl: 900 };
    const { spawn, log } = fakeWorkers((r) => (times[r.backend] === null ? null : { delayMs: 10, reply: { ok: true, msPerStep: times[r.backend]!, steps: [], threads: null } }));
    const before = vi.fn(async () => void log.push('wait'));
    const trials = runTrials({ webgpu: 'g', fallbackAdapter: false, webgl: 'NVIDIA' }, { before }, plan, spawn);
    await vi.advanceTimersByTimeAsync(2000);
    expect((await trials).map((t) => [t.backend, t.msPerStep, t.failure])).toEqual([
      ['wasm', 40, undefined],
      ['webgpu', null, 'timeout'],
      ['webgl', 900, undefined],
    ]);
    expect(log).toEqual(['wait', 'start wasm', 'terminate', 'wait', 'start webgpu', 'terminate', 'wait', 'start webgl', 'terminate']);
  });
});

describe('interrupted trials', () => {
  it('an attempt that a widget interrupts is ended at once and tried again after the next wait; the last attempt runs to the end', async () => {
    vi.useFakeTimers();
    const { spawn, log } = fakeWorkers(() => ({ delayMs: 50, reply: { ok: true, msPerStep: 30, steps: [], threads: 2 } }));
    let now = 0;
    const activity = new RequestActivity(() => now);
    // A widget asks for something 10 ms into every attempt.
    const before = async () => {
      log.push('wait');
      setTimeout(() => activity.begin('encode')(), 10);
    };
    const trials = runTrials({ webgpu: null, fallbackAdapter: false, webgl: null }, { before, interrupts: (abort) => activity.onBegin(abort), attempts: 3 }, plan, spawn);
    await vi.advanceTimersByTimeAsync(500);
    expect(await trials).toEqual([{ backend: 'wasm', fallbackAdapter: false, budgetMs: 1000, msPerStep: 30 }]);
    expect(log).toEqual(['wait', 'start wasm', 'terminate', 'wait', 'start wasm', 'terminate', 'wait', 'start wasm', 'terminate']);
    now = 0;
  });
});

describe('RequestActivity', () => {
  it('is quiet only with nothing but training in flight, for long enough', () => {
    let now = 0;
    const activity = new RequestActivity(() => now);
    expect(activity.quiet(500)).toBe(true);
    const done = activity.begin('createModel');
    activity.begin('train');
    now = 1000;
    expect(activity.quiet(500)).toBe(false);
    done();
    done();
    expect(activity.quiet(500)).toBe(false);
    now = 1499;
    expect(activity.quiet(500)).toBe(false);
    now = 1500;
    expect(activity.quiet(500)).toBe(true);
  });
});

describe('wasmThreadCount', () => {
  it('uses half the logical cores, at least one and at most four', () => {
    expect(wasmThreadCount(undefined)).toBe(1);
    expect(wasmThreadCount(1)).toBe(1);
    expect(wasmThreadCount(2)).toBe(1);
    expect(wasmThreadCount(4)).toBe(2);
    expect(wasmThreadCount(8)).toBe(4);
    expect(wasmThreadCount(16)).toBe(4);
  });
});
