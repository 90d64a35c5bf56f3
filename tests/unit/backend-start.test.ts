import { describe, expect, it } from 'vitest';
import { startBackend, type StartDeps } from '../../src/lib/engine/backend-start.ts';
import { choiceKey, type AdapterIdentity, type RememberedChoice } from '../../src/lib/engine/backend-choice.ts';
import type { BackendName } from '../../src/lib/engine/backend.ts';

const ua = 'TestBrowser/1';
const swiftshader: AdapterIdentity = { webgpu: 'google/swiftshader/?', fallbackAdapter: true, webgl: 'SwiftShader' };
const gpu: AdapterIdentity = { webgpu: 'nvidia/ampere/?', fallbackAdapter: false, webgl: 'NVIDIA' };
const choice = (backend: BackendName): RememberedChoice => ({ backend, versus: null, trials: [], measuredAt: '2026-01-01T00:00:00Z' });

/** Stand-ins for TF.js and the adapter query, recording what was asked of them. */
function deps(identity: AdapterIdentity, working: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu']) {
  const log: string[] = [];
  let current = '';
  const d: StartDeps = {
    tf: {
      setBackend: async (name) => {
        log.push(`set ${name}`);
        if (!working.includes(name as BackendName)) return false;
        current = name;
        return true;
      },
      getBackend: () => current,
    },
    load: async () => {},
    identify: async () => {
      log.push('identify');
      return identity;
    },
    userAgent: ua,
  };
  return { d, log };
}

describe('startBackend', () => {
  it('?backend= starts that backend, asks nothing of the adapter and measures nothing', async () => {
    const { d, log } = deps(swiftshader);
    const start = await startBackend(d, 'webgpu', { [choiceKey(ua, swiftshader)]: choice('wasm') });
    expect(start).toMatchObject({ backend: 'webgpu', choice: { reason: 'asked', asked: 'webgpu' }, next: 'none', key: null });
    expect(log).toEqual(['set webgpu']);
  });

  it('with no memory, starts wasm at once, leaves the adapter query for later and asks for trials', async () => {
    const { d, log } = deps(swiftshader);
    const start = await startBackend(d, null, {});
    expect(start).toMatchObject({ backend: 'wasm', choice: { reason: 'measuring' }, next: 'measure', identity: null });
    expect(log).toEqual(['set wasm']);
  });

  it('with one entry for this browser, starts its backend at once, to be checked against the adapter later', async () => {
    const { d, log } = deps(gpu);
    const key = choiceKey(ua, gpu);
    const start = await startBackend(d, null, { [key]: choice('webgpu'), [choiceKey('OtherBrowser/2', gpu)]: choice('wasm') });
    expect(start).toMatchObject({ backend: 'webgpu', choice: { reason: 'remembered' }, next: 'verify', key });
    expect(log).toEqual(['set webgpu']);
  });

  it('with several entries for this browser, asks the adapter which one is meant', async () => {
    const { d, log } = deps(gpu);
    const memory = { [choiceKey(ua, swiftshader)]: choice('wasm'), [choiceKey(ua, gpu)]: choice('webgl') };
    const start = await startBackend(d, null, memory);
    expect(start).toMatchObject({ backend: 'webgl', choice: { reason: 'remembered' }, next: 'none', key: choiceKey(ua, gpu), identity: gpu });
    expect(log).toEqual(['identify', 'set webgl']);
  });

  it('several entries, none for this adapter: wasm, and trials', async () => {
    const { d } = deps(gpu);
    const memory = { [choiceKey(ua, swiftshader)]: choice('wasm'), [choiceKey(ua, { ...swiftshader, webgl: 'llvmpipe' })]: choice('wasm') };
    expect(await startBackend(d, null, memory)).toMatchObject({ backend: 'wasm', choice: { reason: 'measuring' }, next: 'measure', identity: gpu });
  });

  it('a remembered backend that no longer starts means measuring again', async () => {
    const { d } = deps(gpu, ['wasm', 'cpu']);
    const start = await startBackend(d, null, { [choiceKey(ua, gpu)]: choice('webgpu') });
    expect(start.backend).toBe('wasm');
    expect(start).toMatchObject({ choice: { reason: 'measuring' }, next: 'measure' });
    expect(start.failures.map((f) => f.backend)).toEqual(['webgpu', 'webgl']);
  });
});
