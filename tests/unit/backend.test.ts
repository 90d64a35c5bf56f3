import { describe, expect, it } from 'vitest';
import { backendCandidates, parseBackendRequest, selectBackend, type BackendName } from '../../src/lib/engine/backend.ts';

describe('parseBackendRequest', () => {
  it('means automatic choice when absent or empty', () => {
    expect(parseBackendRequest('')).toEqual({ preferred: null, warning: null });
    expect(parseBackendRequest('?backend=')).toEqual({ preferred: null, warning: null });
  });

  it('accepts the four backends, case-insensitively', () => {
    expect(parseBackendRequest('?backend=wasm').preferred).toBe('wasm');
    expect(parseBackendRequest('?x=1&backend=WebGPU').preferred).toBe('webgpu');
  });

  it('falls back to automatic choice with a warning that lists the valid names', () => {
    const request = parseBackendRequest('?backend=cuda');
    expect(request.preferred).toBeNull();
    expect(request.warning).toBe('Unknown backend "cuda". Valid values are webgpu, webgl, wasm, cpu; choosing automatically.');
  });
});

describe('backendCandidates', () => {
  it('tries the fastest first, and a preferred backend before the rest', () => {
    expect(backendCandidates(null)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(backendCandidates('wasm')).toEqual(['wasm', 'webgpu', 'webgl', 'cpu']);
  });
});

describe('selectBackend', () => {
  // A stand-in for tfjs-core's two functions, recording which backends were asked for.
  function host(working: BackendName[]) {
    let current = '';
    const asked: string[] = [];
    return {
      asked,
      setBackend: async (name: string) => {
        asked.push(name);
        if (!working.includes(name as BackendName)) return false;
        current = name;
        return true;
      },
      getBackend: () => current,
    };
  }

  it('returns the first backend that starts, with the reasons the faster ones did not', async () => {
    const tf = host(['wasm', 'cpu']);
    const load = async (b: BackendName) => {
      if (b === 'webgpu') throw new Error('navigator.gpu is missing');
    };
    const result = await selectBackend(tf, backendCandidates(null), load);
    expect(result.backend).toBe('wasm');
    expect(result.failures).toEqual([
      { backend: 'webgpu', reason: 'navigator.gpu is missing' },
      { backend: 'webgl', reason: 'not available in this browser' },
    ]);
    expect(tf.asked).toEqual(['webgl', 'wasm']);
  });

  it('explains every failure when nothing starts', async () => {
    const tf = host([]);
    await expect(selectBackend(tf, ['webgl', 'cpu'], async () => {})).rejects.toThrow(
      'No TF.js backend could start: webgl (not available in this browser); cpu (not available in this browser)',
    );
  });
});
