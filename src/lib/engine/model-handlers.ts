import * as tf from '@tensorflow/tfjs-core';
import { batchTensor } from '../data/batch.ts';
import { Autoencoder, HierarchicalVQVAE, VQVAE, type AutoencoderMetrics, type TrainMetrics } from '@vq-vae-live/vq';
import { checkpointSource, saveCheckpoint } from './checkpoint-files.ts';
import { invalidRequest } from './engine-error.ts';
import { createHostedModel, infoOf, kindOf, loadHostedModel } from './hosted-model.ts';
import { hold, snapshotSoon, type Handlers, type HostContext } from './host-context.ts';
import { MetricsStream, vqMetricPoint } from './metrics-stream.ts';
import type { ConfigOf, ModelKind, ModelRequest, Reply, RequestOf } from './protocol.ts';
import { checkInspectable, checkStages, encoding, inspection, reconstruction } from './readouts.ts';
import { codeGrids, imagesTensor, latentVectors, readAndFree, readFloats } from './tensors.ts';
import { QueuedModels } from './queued-models.ts';
import { keepCopy, keepCopyIfDue } from './state-copies.ts';
import { checkTrainingRequest, runTrainingJob } from './training-job.ts';

/** The request types about one model. */
export type ModelRequestType = ModelRequest['type'];

/** The reply with a model's info. */
function info(context: HostContext, name: string): Reply<'model'> {
  return { type: 'model', model: name, info: infoOf(context.registry.model(name)) };
}

/** Images decoded by `run` from `inputs`, read back and freed. */
function images(run: () => tf.Tensor4D | Promise<tf.Tensor4D>, inputs: tf.Tensor[]): Promise<Reply<'images'>> {
  return readAndFree(run, async (output) => ({ type: 'images', images: await readFloats(output), count: output.shape[0]! }), inputs);
}

/**
 * The handlers of every request about a model, each through the model queue so that no request swaps
 * or frees a model in the middle of a step. Create, reset and load push a snapshot to a widget that watches.
 */
export function modelHandlers(context: HostContext): Handlers<ModelRequestType> {
  const { registry, queue, scheduler, snapshots } = context;

  const create = (kind: ModelKind) => (request: { model: string; config: ConfigOf<ModelKind>; checkpoint?: string }) =>
    queue.run(async () => {
      const { model: name, checkpoint } = request;
      const model = checkpoint ? await loadHostedModel(await checkpointSource({ url: checkpoint }), kind) : createHostedModel(kind, request.config);
      hold(context, name, { kind: 'model', value: model, origin: { kind, config: model.config, checkpoint } });
      snapshotSoon(context, name);
      return info(context, name);
    });

  return {
    createModel: create('vqvae'),
    createHierarchical: create('vqvae2'),
    createAutoencoder: create('autoencoder'),
    train: (request) => train(context, request),
    pause: async (request) => {
      scheduler.stop(request.model, 'paused');
      // A prior's job still encoding its data has not reached the scheduler; it ends as soon as it does.
      const preparing = context.preparing.get(request.model);
      if (preparing) preparing.paused = true;
      return { type: 'done' };
    },
    setHyperparameters: (request) =>
      queue.run(async () => {
        const model = registry.model(request.model);
        if (model instanceof Autoencoder) throw invalidRequest('setHyperparameters: an autoencoder has no live hyperparameters; reset it with a new config');
        if (model instanceof HierarchicalVQVAE) {
          const { beta, learningRate } = request.changes;
          model.setHyperparameters(Object.fromEntries(Object.entries({ beta, learningRate }).filter(([, v]) => v !== undefined)));
        } else {
          model.setHyperparameters(request.changes);
        }
        // The last copy lacks the change: a job copies again after its next step, an idle model now.
        const entry = registry.entry(request.model);
        if (entry) entry.changedAt = performance.now();
        if (!scheduler.isTraining(request.model)) await keepCopy(registry, request.model, 'model');
        return info(context, request.model);
      }),
    reset: (request) =>
      queue.run(() => {
        const current = registry.model(request.model);
        const kind = kindOf(current);
        const model = createHostedModel(kind, request.config ?? current.config);
        registry.put(request.model, { kind: 'model', value: model, origin: { kind, config: model.config } });
        snapshotSoon(context, request.model);
        return info(context, request.model);
      }),
    encode: (request) => queue.run(() => encoding(registry.model(request.model), imagesTensor(request.images, request.count))),
    decode: (request) =>
      queue.run(() => {
        const model = registry.model(request.model);
        if (model instanceof Autoencoder) throw invalidRequest('decode: an autoencoder decodes latents (decodeLatents), not codes');
        const codes = codeGrids('decode', request.codes, request.count, model instanceof VQVAE ? model.grid : model.grids.bottom);
        if (model instanceof VQVAE) return images(async () => await model.decode(codes), [codes]);
        if (!request.top) {
          codes.dispose();
          throw invalidRequest('decode: the two-level model needs its top grids as well (top)');
        }
        const top = codeGrids('decode', request.top, request.count, model.grids.top);
        return images(async () => await model.decode({ top, bottom: codes }), [codes, top]);
      }),
    decodeLatents: (request) =>
      queue.run(() => {
        const model = registry.model(request.model);
        if (!(model instanceof Autoencoder)) throw invalidRequest('decodeLatents: only an autoencoder has continuous latents; decode codes instead');
        const latents = latentVectors(request.latents, request.count, model.config.latentDim);
        return images(() => model.decode(latents), [latents]);
      }),
    reconstruct: (request) =>
      queue.run(async () => {
        const model = registry.model(request.model);
        checkStages(model, request.stages);
        const x = imagesTensor(request.images, request.count);
        return { type: 'images', images: await reconstruction(model, x, request.stages), count: request.count };
      }),
    inspect: (request) =>
      queue.run(async () => {
        const model = registry.model(request.model);
        checkInspectable(model, 'inspect');
        return { type: 'inspection', ...(await inspection(model as VQVAE, imagesTensor(request.images, request.count))) };
      }),
    watch: async (request) => {
      const splits = request.snapshots ? await snapshots.prepare(request.snapshots) : {};
      await queue.run(() => snapshots.watch(request.model, registry.model(request.model), request.snapshots, splits));
      snapshotSoon(context, request.model);
      return { type: 'done' };
    },
    save: (request) =>
      queue.run(async () => ({ type: 'saved', files: await saveCheckpoint(registry.model(request.model), request.destination, request.fileStem ?? request.model) })),
    load: (request) =>
      queue.run(async () => {
        // The current model keeps running until the checkpoint has passed every check.
        const kind = kindOf(registry.model(request.model));
        const model = await loadHostedModel(await checkpointSource(request.source), kind);
        const checkpoint = 'url' in request.source ? request.source.url : undefined;
        registry.put(request.model, { kind: 'model', value: model, origin: { kind, config: model.config, checkpoint } });
        // A reader's file or IndexedDB entry cannot be read again after a GPU loss; the copy can.
        if (!checkpoint) await keepCopy(registry, request.model, 'model');
        snapshotSoon(context, request.model);
        return info(context, request.model);
      }),
    disposeModel: (request) => {
      if (registry.kindOf(request.model) === 'model') scheduler.stop(request.model, 'disposed');
      return queue.run(() => {
        if (registry.remove(request.model, 'model')) snapshots.forget(request.model);
        return { type: 'done' };
      });
    },
  };
}

/** Trains a model on a dataset's training split, in turns with every other job, pushing metrics and snapshots. */
async function train(context: HostContext, request: RequestOf<'train'>): Promise<Reply<'trained'>> {
  const { model: name, batchSize, steps } = request;
  const model = context.registry.model(name);
  checkTrainingRequest('train', batchSize, steps);
  const split = await context.split(request.dataset, 'train');
  if (split.count < batchSize) throw invalidRequest(`train: the ${request.dataset} training split has ${split.count} images, fewer than batchSize ${batchSize}`);
  const stream =
    model instanceof Autoencoder
      ? new MetricsStream<AutoencoderMetrics, AutoencoderMetrics>((history) => context.emit({ type: 'autoencoderMetrics', model: name, history }), (metrics) => metrics)
      : new MetricsStream<TrainMetrics>((history, latest) => context.emit({ type: 'metrics', model: name, history, latest }), vqMetricPoint);
  const current = () => context.registry.find(name, 'model');
  const queued = new QueuedModels<TrainMetrics | AutoencoderMetrics>();
  return runTrainingJob<TrainMetrics | AutoencoderMetrics>(context.scheduler, {
    name,
    count: split.count,
    batchSize,
    seed: model.config.seed,
    steps,
    stream: stream as { push(metrics: TrainMetrics | AutoencoderMetrics): void; flush(): void },
    stepOf: () => current()?.step ?? 0,
    queue: (indices) => {
      // The model under the name now: a load or reset between steps trains on.
      const model = current();
      if (!model) return false;
      const { x, labels } = batchTensor(split, indices);
      try {
        model.queueTrainStep(x);
      } finally {
        tf.dispose([x, labels]);
      }
      queued.queuedOn(model);
      return true;
    },
    read: () => queued.read(),
    losses: context.losses,
    afterStep: async (drain) => {
      await keepCopyIfDue(context.registry, name, 'model', drain);
      if (!context.snapshots.due(name)) return;
      // The snapshot goes out right after the metrics it belongs with.
      await drain();
      stream.flush();
      await context.snapshots.take(name, current());
    },
    afterEnd: async (reason) => {
      if (reason !== 'done' && reason !== 'paused' && reason !== 'diverged') return;
      await context.queue.run(async () => {
        await keepCopy(context.registry, name, 'model');
        await context.snapshots.take(name, current());
      });
    },
  });
}
