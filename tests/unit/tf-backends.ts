import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe } from 'vitest';

/** The backends that run in Node; model code must agree on all of them. */
export const nodeBackends = ['cpu', 'wasm'] as const;

/** Runs a describe block once per Node backend, switching TF.js to it first (after tfjs-layers' describeMathCPUAndGPU). */
export function describeOnBackends(name: string, body: (backend: (typeof nodeBackends)[number]) => void) {
  for (const backend of nodeBackends) {
    describe(`${name} [${backend}]`, () => {
      beforeAll(async () => {
        if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not start in Node`);
        await tf.ready();
      });
      body(backend);
    });
  }
}

/** Asserts two arrays agree elementwise within an absolute tolerance, reporting the worst element. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-6) {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} != expected ${expected.length}`);
  let worst = -1;
  let worstError = 0;
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= worstError)) {
      worst = i;
      worstError = error;
    }
  }
  if (worst >= 0 && !(worstError <= tolerance)) {
    throw new Error(`element ${worst}: ${actual[worst]} vs expected ${expected[worst]} (|error| ${worstError} > ${tolerance})`);
  }
}
