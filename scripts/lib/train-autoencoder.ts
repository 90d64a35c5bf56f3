/** The AE/VAE half of the training CLI: the chapter-2 companions (a 2-D latent unless latentDim says otherwise). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { batchCycle, batchTensor } from '../../src/lib/data/batch.ts';
import type { Split } from '../../src/lib/data/dataset.ts';
import * as tf from '../../src/lib/vq/tf.ts';
import { Autoencoder } from '../../src/lib/vq/index.ts';
import { fileCheckpoint } from '../../src/lib/vq/node.ts';
import { ProgressBar } from './progress-bar.ts';

/** What `trainAutoencoder` needs from the command line. */
export type AutoencoderTraining = {
  kind: 'ae' | 'vae';
  train: Split;
  test: Split;
  dataset: string;
  steps: number;
  batchSize: number;
  evalEvery: number;
  out: string;
  backend: string;
  seed: number;
  learningRate?: number;
  latentDim?: number;
  klWeight?: number;
};

/** Held-out mean squared error of decode(encode(x)), pixels in [0,1]: comparable across AE and VAE. */
function heldOutMse(model: Autoencoder, split: Split): number {
  const { x, labels } = batchTensor(split, Array.from({ length: split.count }, (_, i) => i));
  const error = tf.tidy(() => tf.mean(tf.squaredDifference(model.decode(model.encode(x)), x)));
  const value = error.dataSync()[0];
  tf.dispose([x, labels, error]);
  return value;
}

/** Trains an AE or VAE and writes its checkpoint and a JSON log (per-step loss, KL and ELBO in nats per image). */
export async function trainAutoencoder(options: AutoencoderTraining): Promise<void> {
  const model = Autoencoder.create({ kind: options.kind, seed: options.seed, learningRate: options.learningRate, latentDim: options.latentDim, klWeight: options.klWeight });
  console.error(`Training a ${options.kind.toUpperCase()} with a ${model.config.latentDim}-D latent${model.config.kind === 'vae' && model.config.klWeight !== 1 ? ` (KL weight ${model.config.klWeight})` : ''} on ${options.dataset}, ${options.steps} steps of ${options.batchSize}, on ${options.backend}`);
  const log = { model: options.kind, dataset: options.dataset, config: model.config, batchSize: options.batchSize, steps: options.steps, backend: options.backend, seconds: 0, metrics: [] as object[], evaluations: [] as object[] };
  const progress = new ProgressBar(options.steps);
  const start = performance.now();
  const batches = batchCycle(options.train.count, options.batchSize, options.seed, { dropRemainder: true });
  let mse = Number.NaN;
  for (let step = 1; step <= options.steps; step++) {
    const { x, labels } = batchTensor(options.train, batches.next().value);
    const m = await model.trainStep(x);
    tf.dispose([x, labels]);
    const round = (v: number) => Number(v.toPrecision(6));
    log.metrics.push({ step: m.step, loss: round(m.loss), reconstruction: round(m.reconstruction), kl: round(m.kl), elbo: round(m.elbo) });
    if (step % options.evalEvery === 0 || step === options.steps) {
      mse = heldOutMse(model, options.test);
      log.evaluations.push({ step, heldOutMse: round(mse) });
    }
    progress.update(step, `loss ${m.loss.toFixed(1)} nats · KL ${m.kl.toFixed(2)} · held-out MSE ${mse.toFixed(4)}`);
  }
  progress.done();
  log.seconds = Number(((performance.now() - start) / 1000).toPrecision(6));
  await mkdir(options.out, { recursive: true });
  await model.save(fileCheckpoint(options.out));
  await writeFile(join(options.out, 'training-log.json'), `${JSON.stringify(log)}\n`);
  console.error(`Wrote ${options.out}: held-out MSE ${mse.toFixed(4)} in ${log.seconds.toFixed(0)} s`);
  model.dispose();
}
