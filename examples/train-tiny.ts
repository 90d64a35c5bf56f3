// A page of its own that trains the tiny VQ-VAE on MNIST and shows its reconstructions. It imports the
// model module through the package's `exports`, like any other project would, and shares no code with
// the site's widgets. Served by the site at /examples/train-tiny/ (src/pages/examples/train-tiny.astro).
//
// It trains on the main thread to keep the example short: one step of the tiny model takes a few
// milliseconds, and the loop yields to the browser between steps. For a larger model, move the loop
// into a Web Worker, as the site's engine does.
import * as tf from '@tensorflow/tfjs-core';
import { VQVAE, useBackend } from '@vq-vae-live/vq';
// The site's compact MNIST files and their decoder (public/data/README.md); any [B,28,28,1] tensor in [0, 1] will do.
import { loadDataset } from '../src/lib/data/index.ts';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

const BATCH = 32;
const SHOWN = 8;
const BACKENDS = ['webgl', 'wasm', 'cpu'] as const;
type Backend = (typeof BACKENDS)[number];
// The backend packages this page installed, each loaded only if it is used.
const backends = {
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};
// A bundled page serves the wasm binaries as assets of its own; Vite's ?url imports give their addresses.
const wasmPaths = { 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded };

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const root = $<HTMLElement>('[data-example]');
const status = $<HTMLElement>('#status');
const trainButton = $<HTMLButtonElement>('#train');
const stopButton = $<HTMLButtonElement>('#stop');
const stepsInput = $<HTMLInputElement>('#steps');

function say(text: string, state: string) {
  status.textContent = text;
  root.dataset.status = state;
}

/** Draws images [n,28,28,1] in [0, 1] side by side on a canvas. */
function draw(canvas: HTMLCanvasElement, images: Float32Array, count: number) {
  const context = canvas.getContext('2d')!;
  const picture = context.createImageData(28 * count, 28);
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < 784; p++) {
      const v = Math.round(255 * Math.min(1, Math.max(0, images[i * 784 + p]!)));
      const at = 4 * ((p / 28 | 0) * 28 * count + i * 28 + (p % 28));
      picture.data.set([255 - v, 255 - v, 255 - v, 255], at);
    }
  }
  context.putImageData(picture, 0, 0);
}

async function main() {
  const asked = new URLSearchParams(location.search).get('backend') ?? 'webgl';
  const backend: Backend = (BACKENDS as readonly string[]).includes(asked) ? (asked as Backend) : 'webgl';
  say(`Starting the ${backend} backend…`, 'loading');
  // One call: it loads the package, starts it, adds the module's training kernels, and says if it fell back.
  const started = await useBackend(backend, { backends, wasmPaths });
  if (started.fellBack.length > 0) say(started.message, 'loading');
  root.dataset.backend = started.backend;

  say('Loading MNIST…', 'loading');
  // 9,000 training digits and 1,000 held out, about 1.2 MB; decoding takes a second or two.
  const { train, test } = await loadDataset('mnist', { split: 'both', baseUrl: `${import.meta.env.BASE_URL}data/` });
  const pixels = Float32Array.from(train.images, (v) => v / 255);
  const heldOut = Float32Array.from(test.images.subarray(0, SHOWN * 784), (v) => v / 255);
  const shown = tf.tensor4d(heldOut, [SHOWN, 28, 28, 1]);
  draw($('#originals'), heldOut, SHOWN);

  const model = VQVAE.create({ preset: 'tiny', codebookSize: 32, beta: 0.25 });
  $('#model').textContent = `K = ${model.config.codebookSize}, D = ${model.config.codeDim}, ${model.parameterCount.toLocaleString('en')} parameters`;

  const showReconstructions = async () => {
    const images = tf.tidy(() => model.reconstruct(shown));
    draw($('#reconstructions'), (await images.data()) as Float32Array, SHOWN);
    images.dispose();
  };
  await showReconstructions();

  let stopRequested = false;
  stopButton.addEventListener('click', () => (stopRequested = true));
  trainButton.addEventListener('click', () => trainSteps(Math.round(Number(stepsInput.value)) || 100).catch(fail));
  async function trainSteps(asked: number) {
    const steps = Math.min(2000, Math.max(1, asked));
    stopRequested = false;
    trainButton.disabled = true;
    stopButton.disabled = false;
    say('Training…', 'training');
    const started = performance.now();
    let done = 0;
    for (; done < steps && !stopRequested; done++) {
      // A random run of BATCH training digits (the split is already shuffled).
      const start = Math.floor(Math.random() * (train.count - BATCH));
      const batch = tf.tensor4d(pixels.subarray(start * 784, (start + BATCH) * 784), [BATCH, 28, 28, 1]);
      const metrics = await model.trainStep(batch);
      batch.dispose();
      const perSecond = (done + 1) / ((performance.now() - started) / 1000);
      root.dataset.step = String(model.step);
      root.dataset.loss = String(metrics.loss);
      root.dataset.firstLoss ??= String(metrics.loss);
      root.dataset.stepsPerSecond = perSecond.toFixed(1);
      $('#metrics').textContent = `step ${model.step} · loss ${metrics.loss.toFixed(4)} · perplexity ${metrics.perplexity.toFixed(1)} · ${perSecond.toFixed(1)} steps/s on ${tf.getBackend()}`;
      if (model.step % 20 === 0) await showReconstructions();
      // Lets the browser paint between steps.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await showReconstructions();
    trainButton.disabled = false;
    stopButton.disabled = true;
    say(`Trained ${done} steps.`, 'ready');
  }
  trainButton.disabled = false;
  say('Ready. The reconstructions are those of an untrained model.', 'ready');
}

function fail(error: unknown) {
  say(`The example failed: ${error instanceof Error ? error.message : String(error)}`, 'error');
  console.error(error);
}

main().catch(fail);
