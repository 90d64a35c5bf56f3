/** The prior half of the training CLI: a PixelCNN prior on the codes a trained VQ-VAE gives a dataset. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { batchCycle } from '../../src/lib/data/batch.ts';
import type { Split } from '../../src/lib/data/dataset.ts';
import * as tf from '../../src/lib/vq/tf.ts';
import { encodeSplit } from '../../src/lib/data/encode-split.ts';
import { PixelCNNPrior, unigramBits, VQVAE, type PixelCNNPriorConfig } from '../../src/lib/vq/index.ts';
import { fileCheckpoint } from '../../src/lib/vq/node.ts';
import { ProgressBar } from './progress-bar.ts';

/** What `trainPrior` needs from the command line. */
export type PriorTraining = {
  /** The grids to model: a VQ-VAE's codes, or binarised pixels. */
  codes: { train: tf.Tensor3D; heldOut: tf.Tensor3D; codebookSize: number; source: string; kind: 'prior' | 'pixelcnn' };
  dataset: string;
  steps: number;
  batchSize: number;
  evalEvery: number;
  out: string;
  backend: string;
  prior: Omit<PixelCNNPriorConfig, 'codebookSize' | 'height' | 'width'>;
};

/** A VQ-VAE's codes for the training and held-out splits. */
export async function vqvaeCodes(directory: string, train: Split, test: Split): Promise<PriorTraining['codes']> {
  const vqvae = await VQVAE.load(fileCheckpoint(directory));
  const codes = { train: encodeSplit(vqvae, train), heldOut: encodeSplit(vqvae, test), codebookSize: vqvae.config.codebookSize, source: directory, kind: 'prior' as const };
  vqvae.dispose();
  return codes;
}

/** Trains the prior, writes its checkpoint and a JSON log with held-out bits per latent and the unigram baseline. */
export async function trainPrior(options: PriorTraining): Promise<void> {
  const { train: trainCodes, heldOut, codebookSize, source, kind } = options.codes;
  const [, height, width] = trainCodes.shape;
  const baseline = unigramBits(heldOut.dataSync());
  const prior = PixelCNNPrior.create({ ...options.prior, codebookSize, height, width });
  console.error(
    `Training a PixelCNN (${prior.parameterCount.toLocaleString('en')} parameters) on ${options.dataset} ${source}: ` +
      `${trainCodes.shape[0]} training and ${heldOut.shape[0]} held-out grids of ${height}×${width}, K ${codebookSize}, on ${options.backend}`,
  );
  const log = {
    model: kind,
    source,
    dataset: options.dataset,
    config: prior.config,
    batchSize: options.batchSize,
    steps: options.steps,
    backend: options.backend,
    parameters: prior.parameterCount,
    heldOutUnigramBits: Number(baseline.toPrecision(6)),
    startedAt: new Date().toISOString(),
    seconds: 0,
    metrics: [] as { step: number; bitsPerLatent: number }[],
    evaluations: [] as { step: number; heldOutBitsPerLatent: number }[],
  };
  const progress = new ProgressBar(options.steps);
  const start = performance.now();
  const batches = batchCycle(trainCodes.shape[0], options.batchSize, prior.config.seed, { dropRemainder: true });
  let heldOutBits = Number.NaN;
  for (let step = 1; step <= options.steps; step++) {
    const indices = Array.from(batches.next().value);
    const batch = tf.tidy(() => tf.gather(trainCodes, tf.tensor1d(indices, 'int32')) as tf.Tensor3D);
    const metrics = await prior.trainStep(batch);
    batch.dispose();
    log.metrics.push({ step: metrics.step, bitsPerLatent: Number(metrics.bitsPerLatent.toPrecision(6)) });
    if (step % options.evalEvery === 0 || step === options.steps) {
      heldOutBits = prior.nll(heldOut);
      log.evaluations.push({ step, heldOutBitsPerLatent: Number(heldOutBits.toPrecision(6)) });
    }
    progress.update(step, `${metrics.bitsPerLatent.toFixed(3)} bits/latent · held-out ${heldOutBits.toFixed(3)} (unigram ${baseline.toFixed(3)})`);
  }
  progress.done();
  log.seconds = Number(((performance.now() - start) / 1000).toPrecision(6));
  await mkdir(options.out, { recursive: true });
  await prior.save(fileCheckpoint(options.out));
  await writeFile(join(options.out, 'training-log.json'), `${JSON.stringify(log)}\n`);
  console.error(`Wrote ${options.out}: held-out ${heldOutBits.toFixed(3)} bits per latent, unigram ${baseline.toFixed(3)}, in ${log.seconds.toFixed(0)} s`);
  tf.dispose([trainCodes, heldOut]);
  prior.dispose();
}
