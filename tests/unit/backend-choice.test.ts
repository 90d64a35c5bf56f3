import { describe, expect, it } from 'vitest';
import { CHOICE_VERSION, chooseBackend, choiceKey, isSoftwareRenderer, startPlan, type AdapterIdentity, type RememberedChoice, type Trial } from '../../src/lib/engine/backend-choice.ts';
import { choiceText, trialsText } from '../../src/lib/i18n/backend-choice-text.ts';

const timed = (backend: Trial['backend'], msPerStep: number, fallbackAdapter = false): Trial => ({ backend, msPerStep, fallbackAdapter, budgetMs: 4000 });
const lost = (backend: Trial['backend'], failure: 'timeout' | 'error', fallbackAdapter = false): Trial => ({ backend, msPerStep: null, failure, fallbackAdapter, budgetMs: 1500 });

describe('chooseBackend', () => {
  it('keeps the fastest trial, and compares it with WebGPU when WebGPU lost', () => {
    const measured = chooseBackend([timed('wasm', 40), timed('webgpu', 124), timed('webgl', 90)]);
    expect(measured?.backend).toBe('wasm');
    expect(measured?.versus).toEqual({ backend: 'webgpu', ratio: 3.1, fallbackAdapter: false, budgetMs: 4000 });
  });

  it('compares a winning WebGPU with the runner-up', () => {
    const measured = chooseBackend([timed('wasm', 60), timed('webgpu', 20), timed('webgl', 40)]);
    expect(measured?.backend).toBe('webgpu');
    expect(measured?.versus?.backend).toBe('webgl');
    expect(measured?.versus?.ratio).toBe(2);
  });

  it('never takes a fallback adapter on a tie, and takes it when it is strictly faster', () => {
    expect(chooseBackend([timed('webgpu', 50, true), timed('wasm', 50)])?.backend).toBe('wasm');
    expect(chooseBackend([timed('wasm', 50), timed('webgpu', 49, true)])?.backend).toBe('webgpu');
  });

  it('a fallback adapter that measured slower is named as one, with its ratio', () => {
    const measured = chooseBackend([timed('wasm', 40), timed('webgpu', 480, true)]);
    expect(measured?.backend).toBe('wasm');
    expect(measured?.versus).toMatchObject({ backend: 'webgpu', ratio: 12, fallbackAdapter: true });
  });

  it('failed and timed-out trials lose, whatever their order', () => {
    const measured = chooseBackend([lost('webgpu', 'timeout', true), lost('webgl', 'error'), timed('wasm', 45)]);
    expect(measured?.backend).toBe('wasm');
    expect(measured?.versus).toEqual({ backend: 'webgpu', ratio: null, failure: 'timeout', fallbackAdapter: true, budgetMs: 1500 });
    expect(measured?.trials).toHaveLength(3);
  });

  it('is null when no trial finished', () => {
    expect(chooseBackend([lost('wasm', 'error'), lost('webgpu', 'timeout')])).toBeNull();
    expect(chooseBackend([])).toBeNull();
  });

  it('has no comparison when only one backend was tried', () => {
    expect(chooseBackend([timed('wasm', 45)])).toEqual({ backend: 'wasm', versus: null, trials: [timed('wasm', 45)] });
  });
});

describe('choiceKey', () => {
  const ua = 'Mozilla/5.0 HeadlessChrome/156';
  const swiftshader: AdapterIdentity = { webgpu: 'google/swiftshader/?', fallbackAdapter: true, webgl: 'ANGLE (SwiftShader)' };

  it('is the same for the same browser, adapters and version', () => {
    expect(choiceKey(ua, swiftshader)).toBe(choiceKey(ua, { ...swiftshader }));
    expect(choiceKey(ua, swiftshader)).toContain(`v${CHOICE_VERSION}`);
  });

  it('changes with the browser, the WebGPU adapter, its fallback flag, the WebGL renderer and the version', () => {
    const base = choiceKey(ua, swiftshader);
    const others = [
      choiceKey('Mozilla/5.0 HeadlessChrome/157', swiftshader),
      choiceKey(ua, { ...swiftshader, webgpu: 'nvidia/ampere/?' }),
      choiceKey(ua, { ...swiftshader, fallbackAdapter: false }),
      choiceKey(ua, { ...swiftshader, webgl: 'ANGLE (NVIDIA)' }),
      choiceKey(ua, { ...swiftshader, webgpu: null }),
      choiceKey(ua, swiftshader, CHOICE_VERSION + 1),
    ];
    for (const key of others) expect(key).not.toBe(base);
    expect(new Set(others).size).toBe(others.length);
  });
});

describe('isSoftwareRenderer', () => {
  it('knows SwiftShader and llvmpipe from a GPU', () => {
    expect(isSoftwareRenderer('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(true);
    expect(isSoftwareRenderer('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(isSoftwareRenderer(null)).toBe(false);
  });
});

describe('startPlan', () => {
  const remembered: RememberedChoice = { backend: 'webgl', versus: null, trials: [timed('webgl', 10)], measuredAt: '2026-01-01T00:00:00Z' };

  it('?backend= overrides everything, with no measuring', () => {
    expect(startPlan('webgpu', remembered)).toEqual({ candidates: ['webgpu', 'webgl', 'wasm', 'cpu'], choice: { reason: 'asked', asked: 'webgpu' }, calibrate: false });
  });

  it('a remembered choice starts at once, with no measuring', () => {
    const plan = startPlan(null, remembered);
    expect(plan.candidates[0]).toBe('webgl');
    expect(plan.choice).toEqual({ reason: 'remembered', measured: { backend: 'webgl', versus: null, trials: remembered.trials } });
    expect(plan.calibrate).toBe(false);
  });

  it('with no memory, starts on wasm and measures', () => {
    expect(startPlan(null, undefined)).toEqual({ candidates: ['wasm', 'cpu'], choice: { reason: 'measuring' }, calibrate: true });
  });
});

describe('the badge says why', () => {
  it('in English', () => {
    const measured = chooseBackend([timed('wasm', 40), timed('webgpu', 124)])!;
    expect(choiceText('en', { reason: 'measured', measured }, 'wasm')).toBe('3.1× faster than WebGPU here');
    expect(choiceText('en', { reason: 'remembered', measured }, 'wasm')).toBe('remembered from an earlier visit: 3.1× faster than WebGPU here');
    expect(choiceText('en', { reason: 'asked', asked: 'webgpu' }, 'webgpu')).toBe('asked for with backend=webgpu');
    // Asked for WebGPU, started on wasm: the setting is what was asked, not where the engine ended up.
    expect(choiceText('en', { reason: 'asked', asked: 'webgpu' }, 'wasm')).toBe('asked for with backend=webgpu');
    const software = chooseBackend([timed('wasm', 40), timed('webgpu', 480, true)])!;
    expect(choiceText('en', { reason: 'measured', measured: software }, 'wasm')).toBe('WebGPU here is a software adapter and measured 12× slower');
    const timedOut = chooseBackend([timed('wasm', 40), lost('webgpu', 'timeout', true)])!;
    expect(choiceText('en', { reason: 'measured', measured: timedOut }, 'wasm')).toBe('WebGPU here is a software adapter and could not finish its trial in 1.5 s');
    const gpu = chooseBackend([timed('wasm', 60), timed('webgpu', 20)])!;
    expect(choiceText('en', { reason: 'next-visit', measured: gpu }, 'wasm')).toBe('WebGPU measured fastest (3.0× faster than wasm here); models have trained on this page, so it is used from your next visit');
    expect(trialsText('en', timedOut.trials)).toBe('Trials, ms a training step of the tiny model: wasm 40 · WebGPU out of time');
  });

  it('in Chinese', () => {
    const measured = chooseBackend([timed('wasm', 40), timed('webgpu', 1240, true)])!;
    expect(choiceText('zh', { reason: 'measured', measured }, 'wasm')).toBe('本机的 WebGPU 是软件适配器，实测慢 31 倍');
    expect(choiceText('zh', { reason: 'asked', asked: 'webgpu' }, 'webgpu')).toBe('由 backend=webgpu 指定');
    expect(trialsText('zh', measured.trials)).toBe('测速（小模型每个训练步的毫秒数）：wasm 40 · WebGPU 1,240（软件适配器）');
  });
});
