// The model module and TF.js on a page, for browser tests that drive the model directly (a NaN batch on
// WebGPU, custom kernels against the cpu backend). Built by vite.config.ts beside the site, never shipped.
import * as tf from '@tensorflow/tfjs-core';
import { loadBackend } from '../../src/lib/engine/backend-loaders.ts';
import { deviceFence } from '../../src/lib/engine/device-fence.ts';
import * as vq from '../../src/lib/vq/index.ts';
// Puts window.runKernelChecks on the page, for tests/e2e/webgpu-kernels.spec.ts.
import './kernel-checks.ts';

/** What a test reaches through `window.modelPage`. */
export type ModelPage = { tf: typeof tf; vq: typeof vq; loadBackend: typeof loadBackend; deviceFence: typeof deviceFence };

(window as unknown as { modelPage: ModelPage }).modelPage = { tf, vq, loadBackend, deviceFence };
document.body.dataset.ready = 'true';
