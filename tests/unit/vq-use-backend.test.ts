import { afterAll, describe, expect, it } from 'vitest';
import * as tf from '../../src/lib/vq/tf.ts';
import { VQVAE, useBackend } from '../../src/lib/vq/index.ts';

const wasm = () => import('@tensorflow/tfjs-backend-wasm');
const cpu = () => import('@tensorflow/tfjs-backend-cpu');

describe('useBackend', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('refuses a name that is no backend, naming the ones there are', async () => {
    await expect(useBackend('tpu' as never)).rejects.toThrow(/"tpu" is not a backend; use one of webgpu, webgl, wasm, cpu or auto/);
  });

  it('starts the backend asked for, with the module kernels that let wasm train a conv net', async () => {
    const started = await useBackend('wasm', { backends: { wasm } });
    expect(started).toMatchObject({ backend: 'wasm', requested: 'wasm', fellBack: [] });
    expect(tf.getBackend()).toBe('wasm');
    // Stock wasm has no Conv2DBackpropFilter; a step that trains the encoder proves the kernels are there.
    const model = VQVAE.create({ preset: 'tiny', seed: 1 });
    const images = tf.fill([4, 28, 28, 1], 0.5) as tf.Tensor4D;
    const metrics = await model.trainStep(images);
    expect(metrics.rejected).toBeNull();
    expect(Number.isFinite(metrics.loss)).toBe(true);
    model.dispose();
    images.dispose();
  });

  it('falls back through the installed backends only, and says why', async () => {
    const started = await useBackend('webgpu', { backends: { cpu } });
    expect(started.backend).not.toBe('webgpu');
    // Node has no WebGPU package here, so webgpu is the one failure; webgl, never installed, is no candidate.
    expect(started.fellBack).toEqual([{ backend: 'webgpu', reason: expect.stringMatching(/not installed: add @tensorflow\/tfjs-backend-webgpu/) }]);
    expect(started.message).toMatch(/^Training on (wasm|cpu), not webgpu \(webgpu: it is not installed/);
  });

  it('with fallback: false, a backend that cannot start is an error that names it', async () => {
    await expect(useBackend('webgl', { fallback: false })).rejects.toThrow(/no backend could start \(webgl: it is not installed/);
  });

  it('auto takes the first of the installed backends in order (wasm before cpu)', async () => {
    const started = await useBackend('auto', { backends: { cpu, wasm } });
    expect(started.backend).toBe('wasm');
    expect(started.fellBack).toEqual([]);
  });

  it('asks for the wasm package when given wasmPaths without it, instead of loading binaries from nowhere', async () => {
    const started = await useBackend('wasm', { wasmPaths: 'https://example.org/wasm/', backends: { cpu } });
    expect(started.backend).toBe('cpu');
    expect(started.fellBack).toEqual([{ backend: 'wasm', reason: 'wasmPaths needs the wasm package itself: pass it as backends.wasm' }]);
  });

  it('reports a backend package that fails to load', async () => {
    const broken = () => Promise.reject(new Error('network down'));
    const started = await useBackend('webgl', { backends: { webgl: broken, cpu } });
    expect(started.fellBack[0]).toEqual({ backend: 'webgl', reason: 'its package could not be loaded (network down)' });
  });
});
