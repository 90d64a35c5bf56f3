import * as tf from '@tensorflow/tfjs-core';
import { batchTensor } from '../data/batch.ts';
import { binariseSplit } from '../data/binarise.ts';
import type { Split } from '../data/dataset.ts';
import { assertPriorMatches, VQVAE, type PriorMetrics } from '@vq-vae-live/vq';
import { invalidRequest } from './engine-error.ts';
import type { HostContext } from './host-context.ts';
import { MetricsStream } from './metrics-stream.ts';
import type { Reply, RequestOf } from './protocol.ts';
import type { SerialQueue } from './serial-queue.ts';
import { gatherGrids, readInts } from './tensors.ts';
import { QueuedModels } from './queued-models.ts';
import { keepCopy, keepCopyIfDue } from './state-copies.ts';
import { checkTrainingRequest, runTrainingJob } from './training-job.ts';

/** Images a prior's job encodes per queue turn, so other widgets' requests, and a pause, get in between. */
const ENCODE_CHUNK = 250;

/**
 * Trains a prior on the codes a VQ-VAE gives a dataset's training split, or on its binarised pixels
 * when `vqvae` is null, in turns with every other job. The data is prepared once per job, then the
 * job steps like a model's.
 */
export async function trainPrior(context: HostContext, request: RequestOf<'trainPrior'>): Promise<Reply<'trained'>> {
  const { prior: name, batchSize, steps } = request;
  const prior = context.registry.prior(name);
  const vqvae = request.vqvae === null ? null : context.registry.model(request.vqvae);
  if (vqvae === null) {
    const { codebookSize, height, width } = prior.config;
    if (codebookSize !== 2 || height !== 28 || width !== 28) throw invalidRequest(`trainPrior: binarised pixels need a prior with K = 2 over 28×28, but "${name}" has K = ${codebookSize} over ${height}×${width}`);
  } else if (!(vqvae instanceof VQVAE)) {
    throw invalidRequest(`trainPrior: "${request.vqvae}" is not a VQ-VAE with one code grid, so a prior cannot be trained on its codes`);
  } else {
    assertPriorMatches(prior, vqvae);
  }
  checkTrainingRequest('trainPrior', batchSize, steps);
  const preparing = { paused: false };
  context.preparing.set(name, preparing);
  let grids: Int32Array | null;
  try {
    const split = await context.split(request.dataset, 'train');
    // The codes are computed once per job, through the queue like any other model work, and kept in
    // memory: each batch is then built from CPU values, so the prior's code check never has to read
    // GPU memory synchronously (on WebGPU that stalls for seconds and can lose the device).
    grids = vqvae ? await encodeInTurns(context.queue, vqvae, split, preparing) : binariseSplit(split);
  } finally {
    context.preparing.delete(name);
  }
  if (preparing.paused || grids === null) return { type: 'trained', model: name, reason: 'paused', step: prior.step, message: null };
  const { height, width } = prior.config;
  const cells = height * width;
  const count = grids.length / cells;
  if (count < batchSize) throw invalidRequest(`trainPrior: the ${request.dataset} training split has ${count} images, fewer than batchSize ${batchSize}`);
  const data = grids;
  const current = () => context.registry.find(name, 'prior');
  // The prior queues its steps on the device (the codes are tested there too) and is read in batches.
  const queued = new QueuedModels<PriorMetrics>();
  return runTrainingJob<PriorMetrics>(context.scheduler, {
    name,
    count,
    batchSize,
    seed: prior.config.seed,
    steps,
    stream: new MetricsStream<PriorMetrics, PriorMetrics>((history) => context.emit({ type: 'priorMetrics', prior: name, history }), (metrics) => metrics),
    stepOf: () => current()?.step ?? 0,
    queue: (indices) => {
      const prior = current();
      if (!prior) return false;
      const batch = tf.tensor3d(gatherGrids(data, indices, cells), [indices.length, height, width], 'int32');
      try {
        prior.queueTrainStep(batch);
      } finally {
        batch.dispose();
      }
      queued.queuedOn(prior);
      return true;
    },
    read: () => queued.read(),
    losses: context.losses,
    afterStep: (drain) => keepCopyIfDue(context.registry, name, 'prior', drain),
    afterEnd: async (reason) => {
      if (reason === 'done' || reason === 'paused' || reason === 'diverged') await context.queue.run(() => keepCopy(context.registry, name, 'prior'));
    },
  });
}

/**
 * A split's code grids, encoded a chunk per queue turn (encoding 9,000 digits takes minutes on a
 * software GPU). Null when paused meanwhile.
 */
async function encodeInTurns(queue: SerialQueue, vqvae: VQVAE, split: Split, preparing: { paused: boolean }): Promise<Int32Array | null> {
  const [height, width] = vqvae.grid;
  const grids = new Int32Array(split.count * height * width);
  for (let start = 0; start < split.count; start += ENCODE_CHUNK) {
    if (preparing.paused) return null;
    const indices = Array.from({ length: Math.min(ENCODE_CHUNK, split.count - start) }, (_, i) => start + i);
    const codes = await queue.run(async () => {
      const { x, labels } = batchTensor(split, indices);
      const encoded = vqvae.encode(x);
      try {
        return await readInts(encoded);
      } finally {
        tf.dispose([x, labels, encoded]);
      }
    });
    grids.set(codes, start * height * width);
  }
  return grids;
}
