import * as tf from '@tensorflow/tfjs-core';
import { batchTensor, epochBatches } from '../data/batch.ts';
import { binariseSplit } from '../data/binarise.ts';
import type { Split } from '../data/dataset.ts';
import type { DatasetName } from '../data/manifest.ts';
import { Autoencoder, assertPriorMatches, HierarchicalVQVAE, modelJsonFor, PixelCNNPrior, VQVAE, type AutoencoderMetrics, type CheckpointSource, type PixelCNNPriorConfig, type PriorMetrics, type SampleStep, type TrainMetrics } from '../vq/index.ts';
import { createHostedModel, infoOf, kindOf, loadHostedModel, type HostedModel } from './hosted-model.ts';
import { engineText } from './messages.ts';
import { MetricsStream, vqMetricPoint } from './metrics-stream.ts';
import type { CheckpointOrigin, ConfigOf, EngineEvent, EngineResponse, ModelKind, ModelRequest, PriorRequest } from './protocol.ts';
import { SerialQueue } from './serial-queue.ts';
import { TrainingScheduler } from './training-scheduler.ts';

/** A reply without its id; the Worker adds the request's id. */
type Reply = EngineResponse extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** After this many rejected steps in a row, training stops: the model has diverged, and more steps will not help. */
export const REJECTIONS_BEFORE_STOP = 3;

/** Largest training batch a widget may ask for. */
export const MAX_BATCH_SIZE = 512;

const IMAGE_PIXELS = 28 * 28;

/**
 * The models of one page, as the engine Worker holds them. It has no DOM and no Worker globals, so it
 * runs in Node tests as well. Every step and every request that touches a model goes through one queue.
 */
export class ModelHost {
  readonly #models = new Map<string, HostedModel>();
  readonly #priors = new Map<string, PixelCNNPrior>();
  /** How each model was last built, so it can be built again on another backend after a GPU loss. */
  readonly #origins = new Map<string, { kind: ModelKind; config: ConfigOf<ModelKind>; checkpoint?: string }>();
  readonly #priorOrigins = new Map<string, { config: PixelCNNPriorConfig; checkpoint?: string }>();
  /** Prior jobs still encoding their training set, and whether a pause arrived meanwhile. */
  readonly #preparing = new Map<string, { paused: boolean }>();
  readonly #queue = new SerialQueue();
  readonly #scheduler = new TrainingScheduler(this.#queue);
  readonly #emit: (event: EngineEvent) => void;
  readonly #trainingSplit: (dataset: DatasetName) => Promise<Split>;

  /**
   * @param emit sends an unasked message (metrics) to the page.
   * @param trainingSplit gives a dataset's training images (fetched and cached in a Worker, read from disk in Node).
   */
  constructor(emit: (event: EngineEvent) => void, trainingSplit: (dataset: DatasetName) => Promise<Split>) {
    this.#emit = emit;
    this.#trainingSplit = trainingSplit;
  }

  /** Answers one request. Errors reject with a message meant for the reader. */
  async handle(request: ModelRequest | PriorRequest): Promise<Reply> {
    switch (request.type) {
      case 'createPrior':
        return this.#queue.run(async () => {
          const prior = request.checkpoint ? await PixelCNNPrior.load(await checkpointSource({ url: request.checkpoint })) : PixelCNNPrior.create(request.config);
          this.#priors.get(request.prior)?.dispose();
          this.#priors.set(request.prior, prior);
          this.#priorOrigins.set(request.prior, { config: prior.config, checkpoint: request.checkpoint });
          return this.#priorInfo(request.prior);
        });
      case 'trainPrior':
        return this.#trainPrior(request);
      case 'samplePrior':
        return this.#queue.run(async () => {
          const prior = this.#getPrior(request.prior);
          const onStep = request.stream ? (step: SampleStep) => this.#emit({ type: 'sampleStep', prior: request.prior, step }) : undefined;
          const { codes, note } = await prior.sample(request.count, { temperature: request.temperature, seed: request.seed, onStep, prefix: request.prefix });
          try {
            return { type: 'codes', codes: Int32Array.from(await codes.data()), count: request.count, grid: [prior.config.height, prior.config.width], note };
          } finally {
            codes.dispose();
          }
        });
      case 'priorNll':
        return this.#queue.run(async () => {
          const prior = this.#getPrior(request.prior);
          const codes = this.#gridsFor(prior, request);
          try {
            return { type: 'nll', bitsPerLatent: await prior.nllAsync(codes) };
          } finally {
            codes.dispose();
          }
        });
      case 'priorLogits':
        return this.#queue.run(async () => {
          const prior = this.#getPrior(request.prior);
          const codes = this.#gridsFor(prior, request);
          try {
            const logits = prior.logits(codes);
            const values = Float32Array.from(await logits.data());
            const shape = logits.shape as [number, number, number, number];
            logits.dispose();
            return { type: 'logits', logits: values, shape };
          } finally {
            codes.dispose();
          }
        });
      case 'disposePrior':
        this.#scheduler.stop(request.prior, 'disposed');
        return this.#queue.run(() => {
          this.#priors.get(request.prior)?.dispose();
          this.#priors.delete(request.prior);
          this.#priorOrigins.delete(request.prior);
          return { type: 'done' };
        });
      case 'createModel':
      case 'createHierarchical':
      case 'createAutoencoder':
        return this.#queue.run(async () => {
          const kind = ({ createModel: 'vqvae', createHierarchical: 'vqvae2', createAutoencoder: 'autoencoder' } as const)[request.type];
          const model = request.checkpoint ? await loadHostedModel(await checkpointSource({ url: request.checkpoint }), kind) : createHostedModel(kind, request.config);
          this.#replace(request.model, model);
          this.#origins.set(request.model, { kind, config: model.config, checkpoint: request.checkpoint });
          return this.#info(request.model);
        });
      case 'train':
        return this.#train(request);
      case 'pause':
        this.#scheduler.stop(request.model, 'paused');
        // A job still encoding has not reached the scheduler; it ends as soon as it does.
        if (this.#preparing.has(request.model)) this.#preparing.get(request.model)!.paused = true;
        return { type: 'done' };
      case 'setHyperparameters':
        return this.#queue.run(() => {
          const model = this.#get(request.model);
          if (model instanceof Autoencoder) throw new Error('setHyperparameters: an autoencoder has no live hyperparameters; reset it with a new config');
          if (model instanceof HierarchicalVQVAE) {
            const { beta, learningRate } = request.changes;
            model.setHyperparameters(Object.fromEntries(Object.entries({ beta, learningRate }).filter(([, v]) => v !== undefined)));
          } else {
            model.setHyperparameters(request.changes);
          }
          return this.#info(request.model);
        });
      case 'reset':
        return this.#queue.run(() => {
          const kind = kindOf(this.#get(request.model));
          const model = createHostedModel(kind, request.config ?? this.#get(request.model).config);
          this.#replace(request.model, model);
          this.#origins.set(request.model, { kind, config: model.config });
          return this.#info(request.model);
        });
      case 'encode':
        return this.#queue.run(() => this.#encode(request.model, imagesTensor(request.images, request.count)));
      case 'decode':
        return this.#queue.run(() => {
          const model = this.#get(request.model);
          if (model instanceof Autoencoder) throw new Error('decode: an autoencoder decodes latents (decodeLatents), not codes');
          const codes = codeGrids(request.codes, request.count, model instanceof VQVAE ? model.grid : model.grids.bottom);
          if (model instanceof VQVAE) return this.#imagesReply(() => model.decode(codes), [codes]);
          if (!request.top) {
            codes.dispose();
            throw new Error('decode: the two-level model needs its top grids as well (top)');
          }
          const top = codeGrids(request.top, request.count, model.grids.top);
          return this.#imagesReply(() => model.decode({ top, bottom: codes }), [codes, top]);
        });
      case 'inspect':
        return this.#queue.run(async () => {
          const model = this.#get(request.model);
          if (!(model instanceof VQVAE)) throw new Error('inspect: only a VQ-VAE with one codebook can be inspected');
          const x = imagesTensor(request.images, request.count);
          const latents = model.latents(x);
          try {
            return {
              type: 'inspection',
              latents: Float32Array.from(await latents.data()),
              codebook: Float32Array.from(await model.codebook.data()),
              dim: latents.shape[1],
              deadCodes: model.deadCodeIndices,
            };
          } finally {
            tf.dispose([x, latents]);
          }
        });
      case 'decodeLatents':
        return this.#queue.run(() => {
          const model = this.#get(request.model);
          if (!(model instanceof Autoencoder)) throw new Error('decodeLatents: only an autoencoder has continuous latents; decode codes instead');
          const dim = model.config.latentDim;
          if (!(Number.isInteger(request.count) && request.count > 0 && request.latents.length === request.count * dim)) {
            throw new Error(`decodeLatents: ${request.latents.length} numbers do not make ${request.count} latents of ${dim}`);
          }
          const latents = tf.tensor2d(request.latents, [request.count, dim]);
          return this.#imagesReply(() => model.decode(latents), [latents]);
        });
      case 'reconstruct':
        return this.#queue.run(async () => {
          const model = this.#get(request.model);
          const { stages } = request;
          if (stages !== undefined) {
            if (!(model instanceof VQVAE)) throw new Error('reconstruct: only a VQ-VAE has residual stages');
            const most = model.config.residualStages;
            if (!(Number.isInteger(stages) && stages >= 1 && stages <= most)) throw new RangeError(`reconstruct: stages must be a whole number from 1 to ${most}, got ${stages}`);
          }
          const x = imagesTensor(request.images, request.count);
          if (stages === undefined || !(model instanceof VQVAE)) return this.#imagesReply(() => model.reconstruct(x), [x]);
          const grids = model.encodeStages(x);
          // Read the grids asynchronously first: decode checks its codes with a synchronous read, which
          // on WebGPU goes through canvases and lost the device in Chromium; read values are cached.
          try {
            await Promise.all(grids.map((grid) => grid.data()));
          } catch (error) {
            tf.dispose([x, ...grids]);
            throw error;
          }
          return this.#imagesReply(() => model.decode(grids.slice(0, stages)), [x, ...grids]);
        });
      case 'save':
        return this.#queue.run(() => this.#save(request.model, request.destination, request.fileStem ?? request.model));
      case 'load':
        return this.#queue.run(async () => {
          // The current model keeps running until the checkpoint has passed every check.
          const kind = kindOf(this.#get(request.model));
          const model = await loadHostedModel(await checkpointSource(request.source), kind);
          this.#replace(request.model, model);
          this.#origins.set(request.model, 'url' in request.source ? { kind, config: model.config, checkpoint: request.source.url } : { kind, config: model.config });
          return this.#info(request.model);
        });
      case 'disposeModel':
        this.#scheduler.stop(request.model, 'disposed');
        return this.#queue.run(() => {
          this.#models.get(request.model)?.dispose();
          this.#models.delete(request.model);
          this.#origins.delete(request.model);
          return { type: 'done' };
        });
    }
  }

  /**
   * Builds every model and prior again on the current backend, from the checkpoint URL or config it was
   * last built from, after the backend that held them was lost (a GPU device can be). Training in
   * progress ends with `reason`; what was learned since the last checkpoint is gone with the device.
   */
  async rebuildAll(reason: string): Promise<void> {
    for (const name of [...this.#models.keys(), ...this.#priors.keys()]) this.#scheduler.stop(name, 'failed', reason);
    await this.#queue.run(async () => {
      for (const [name, origin] of this.#priorOrigins) {
        replaceLost(this.#priors, name, origin.checkpoint ? await PixelCNNPrior.load(await checkpointSource({ url: origin.checkpoint })) : PixelCNNPrior.create(origin.config));
      }
      for (const [name, origin] of this.#origins) {
        replaceLost(this.#models, name, origin.checkpoint ? await loadHostedModel(await checkpointSource({ url: origin.checkpoint }), origin.kind) : createHostedModel(origin.kind, origin.config));
      }
    });
  }

  /** A request's `count` code grids as an int32 tensor shaped for the prior; the caller disposes it. */
  #gridsFor(prior: PixelCNNPrior, request: { type: string; codes: Int32Array; count: number }): tf.Tensor3D {
    const { height, width } = prior.config;
    if (request.codes.length !== request.count * height * width) throw new Error(`${request.type}: ${request.codes.length} codes do not make ${request.count} grids of ${height}×${width}`);
    return tf.tensor3d(request.codes, [request.count, height, width], 'int32');
  }

  /**
   * A split's code grids, encoded a chunk per queue turn so that other widgets' requests, and a pause,
   * get in between (encoding 9,000 digits takes minutes on a software GPU). Null when paused meanwhile.
   */
  async #encodeInTurns(vqvae: VQVAE, split: Split, preparing: { paused: boolean }, chunk = 250): Promise<Int32Array | null> {
    const [height, width] = vqvae.grid;
    const grids = new Int32Array(split.count * height * width);
    for (let start = 0; start < split.count; start += chunk) {
      if (preparing.paused) return null;
      const indices = Array.from({ length: Math.min(chunk, split.count - start) }, (_, i) => start + i);
      const codes = await this.#queue.run(() => {
        const { x, labels } = batchTensor(split, indices);
        try {
          return readCodes(vqvae.encode(x));
        } finally {
          tf.dispose([x, labels]);
        }
      });
      grids.set(codes, start * height * width);
    }
    return grids;
  }

  /** Trains a prior on a VQ-VAE's codes for a dataset, in turns with every other job, like `#train`. */
  async #trainPrior(request: Extract<PriorRequest, { type: 'trainPrior' }>): Promise<Reply> {
    const { prior: name, batchSize, steps } = request;
    const prior = this.#getPrior(name);
    const vqvae = request.vqvae === null ? null : this.#get(request.vqvae);
    if (vqvae === null) {
      const { codebookSize, height, width } = prior.config;
      if (codebookSize !== 2 || height !== 28 || width !== 28) throw new Error(`trainPrior: binarised pixels need a prior with K = 2 over 28×28, but "${name}" has K = ${codebookSize} over ${height}×${width}`);
    } else if (!(vqvae instanceof VQVAE)) {
      throw new Error(`trainPrior: "${request.vqvae}" is not a VQ-VAE with one code grid, so a prior cannot be trained on its codes`);
    } else {
      assertPriorMatches(prior, vqvae);
    }
    if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= MAX_BATCH_SIZE)) {
      throw new RangeError(`trainPrior: batchSize must be a whole number from 1 to ${MAX_BATCH_SIZE}, got ${batchSize}`);
    }
    if (steps !== null && !(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`trainPrior: steps must be a whole number ≥ 1 or null, got ${steps}`);
    const preparing = { paused: false };
    this.#preparing.set(name, preparing);
    const split = await this.#trainingSplit(request.dataset).catch((error) => {
      this.#preparing.delete(name);
      throw error;
    });
    // The codes are computed once per job, through the queue like any other model work, and kept in
    // memory: each batch is then built from CPU values, so the prior's code check never has to read
    // GPU memory synchronously (on WebGPU that stalls for seconds and can lose the device).
    const [height, width] = [prior.config.height, prior.config.width];
    let grids: Int32Array | null;
    try {
      grids = vqvae ? await this.#encodeInTurns(vqvae, split, preparing) : binariseSplit(split);
    } finally {
      this.#preparing.delete(name);
    }
    if (preparing.paused || grids === null) return { type: 'trained', model: name, reason: 'paused', step: prior.step, message: null };
    const count = grids.length / (height * width);
    return new Promise((resolve) => {
      const stream = new MetricsStream<PriorMetrics, PriorMetrics>((history) => this.#emit({ type: 'priorMetrics', prior: name, history }), (metrics) => metrics);
      let epoch = 0;
      let batches = epochBatches(count, batchSize, prior.config.seed, { epoch, dropRemainder: true });
      let remaining = steps;
      this.#scheduler.start(name, {
        step: async () => {
          const current = this.#priors.get(name);
          if (!current) return 'disposed';
          let next = batches.next();
          if (next.done) {
            batches = epochBatches(count, batchSize, prior.config.seed, { epoch: ++epoch, dropRemainder: true });
            next = batches.next();
          }
          const batch = tf.tensor3d(gatherGrids(grids, next.value as Uint32Array, height * width), [batchSize, height, width], 'int32');
          try {
            stream.push(await current.trainStep(batch));
          } finally {
            batch.dispose();
          }
          if (remaining !== null && --remaining === 0) return 'done';
          return null;
        },
        finish: (reason, message) => {
          stream.flush();
          resolve({ type: 'trained', model: name, reason, step: this.#priors.get(name)?.step ?? 0, message });
        },
      });
    });
  }

  /** Trains until the step count is reached, the job is paused or replaced, or the model diverges. */
  async #train(request: Extract<ModelRequest, { type: 'train' }>): Promise<Reply> {
    const { model: name, batchSize, steps } = request;
    this.#get(name);
    if (!(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= MAX_BATCH_SIZE)) {
      throw new RangeError(`train: batchSize must be a whole number from 1 to ${MAX_BATCH_SIZE}, got ${batchSize}`);
    }
    if (steps !== null && !(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`train: steps must be a whole number ≥ 1 or null, got ${steps}`);
    const split = await this.#trainingSplit(request.dataset);
    if (split.count < batchSize) throw new RangeError(`train: the ${request.dataset} training split has ${split.count} images, fewer than batchSize ${batchSize}`);

    return new Promise((resolve) => {
      const stream = this.#metricsStream(name);
      const seed = this.#get(name).config.seed;
      let epoch = 0;
      let batches = epochBatches(split.count, batchSize, seed, { epoch, dropRemainder: true });
      let remaining = steps;
      let rejectedInARow = 0;

      this.#scheduler.start(name, {
        step: async () => {
          const model = this.#models.get(name);
          if (!model) return 'disposed';
          let next = batches.next();
          if (next.done) {
            epoch += 1;
            batches = epochBatches(split.count, batchSize, seed, { epoch, dropRemainder: true });
            next = batches.next();
          }
          const { x, labels } = batchTensor(split, next.value as Uint32Array);
          try {
            const metrics = await model.trainStep(x);
            stream.push(metrics);
            rejectedInARow = metrics.rejected === null ? 0 : rejectedInARow + 1;
          } finally {
            tf.dispose([x, labels]);
          }
          if (rejectedInARow >= REJECTIONS_BEFORE_STOP) return 'diverged';
          if (remaining !== null && --remaining === 0) return 'done';
          return null;
        },
        finish: (reason, message) => {
          stream.flush();
          const diverged = engineText('diverged', { count: REJECTIONS_BEFORE_STOP });
          resolve({ type: 'trained', model: name, reason, step: this.#models.get(name)?.step ?? 0, message: reason === 'diverged' ? diverged : message });
        },
      });
    });
  }

  /** The metrics stream of a model's kind: VQ-VAE metrics with usage, or an autoencoder's nats. */
  #metricsStream(name: string): MetricsStream<TrainMetrics | AutoencoderMetrics, unknown> {
    if (this.#get(name) instanceof Autoencoder) {
      const stream = new MetricsStream<AutoencoderMetrics, AutoencoderMetrics>((history) => this.#emit({ type: 'autoencoderMetrics', model: name, history }), (metrics) => metrics);
      return stream as MetricsStream<TrainMetrics | AutoencoderMetrics, unknown>;
    }
    const stream = new MetricsStream<TrainMetrics>((history, latest) => this.#emit({ type: 'metrics', model: name, history, latest }), vqMetricPoint);
    return stream as MetricsStream<TrainMetrics | AutoencoderMetrics, unknown>;
  }

  /** Encodes images: code grids from a VQ-VAE (both grids from the two-level one), latents from an autoencoder. */
  async #encode(name: string, x: tf.Tensor4D): Promise<Reply> {
    const model = this.#get(name);
    const count = x.shape[0];
    // Asynchronous reads: a synchronous one stalls a GPU backend's whole pipeline.
    if (model instanceof Autoencoder) {
      const latents = model.encode(x);
      try {
        return { type: 'latents', latents: Float32Array.from(await latents.data()), count, dim: latents.shape[1] };
      } finally {
        tf.dispose([x, latents]);
      }
    }
    if (model instanceof HierarchicalVQVAE) {
      const { top, bottom } = model.encode(x);
      try {
        return { type: 'codes', codes: Int32Array.from(await bottom.data()), count, grid: model.grids.bottom, top: { codes: Int32Array.from(await top.data()), grid: model.grids.top } };
      } finally {
        tf.dispose([x, top, bottom]);
      }
    }
    const codes = model.encode(x);
    try {
      return { type: 'codes', codes: Int32Array.from(await codes.data()), count, grid: [codes.shape[1], codes.shape[2]] };
    } finally {
      tf.dispose([x, codes]);
    }
  }

  async #save(name: string, destination: 'download' | `indexeddb://${string}`, fileStem: string): Promise<Reply> {
    const model = this.#get(name);
    if (destination !== 'download') {
      await model.save(destination);
      return { type: 'saved', files: [] };
    }
    let files: { name: string; data: ArrayBuffer | string }[] = [];
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
        // The manifest names the weights file as it is downloaded, so the pair loads back as is.
        const weightsName = `${fileStem}.weights.bin`;
        files = [
          { name: `${fileStem}.json`, data: JSON.stringify(modelJsonFor(artifacts, weightsName)) },
          { name: weightsName, data: weights },
        ];
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    return { type: 'saved', files };
  }

  async #imagesReply(run: () => tf.Tensor4D, inputs: tf.Tensor[]): Promise<Reply> {
    try {
      const images = run();
      inputs.push(images);
      // A copy the Worker can transfer: some backends hand out their own storage.
      return { type: 'images', images: Float32Array.from(await images.data()), count: images.shape[0] };
    } finally {
      tf.dispose(inputs);
    }
  }

  #replace(name: string, model: HostedModel): void {
    const previous = this.#models.get(name);
    this.#models.set(name, model);
    previous?.dispose();
  }

  #getPrior(name: string): PixelCNNPrior {
    const prior = this.#priors.get(name);
    if (!prior) throw new Error(`No prior named "${name}": create it first`);
    return prior;
  }

  #priorInfo(name: string): Reply {
    const prior = this.#getPrior(name);
    return { type: 'prior', prior: name, info: { config: prior.config, step: prior.step, parameterCount: prior.parameterCount } };
  }

  #get(name: string): HostedModel {
    const model = this.#models.get(name);
    if (!model) throw new Error(`No model named "${name}": create it first`);
    return model;
  }

  #info(name: string): Reply {
    return { type: 'model', model: name, info: infoOf(this.#get(name)) };
  }
}

/** The tf.io source for a checkpoint origin; a reader's files go through tf.io.browserFiles, model.json first. */
async function checkpointSource(origin: CheckpointOrigin): Promise<CheckpointSource> {
  if ('url' in origin) return tf.io.http(origin.url);
  if ('indexedDb' in origin) return `indexeddb://${origin.indexedDb}`;
  const json = origin.files.filter((file) => file.name.endsWith('.json'));
  const others = origin.files.filter((file) => !file.name.endsWith('.json'));
  if (json.length !== 1 || others.length === 0) {
    throw new Error(engineText('pickCheckpointFiles', { files: origin.files.map((f) => f.name).join(', ') || engineText('noFiles') }));
  }
  // A renamed weights file still loads: with one shard, it is the one the manifest means.
  if (others.length === 1) {
    let paths: string[] = [];
    try {
      const manifest = (JSON.parse(await json[0].text()) as tf.io.ModelJSON).weightsManifest ?? [];
      paths = manifest.flatMap((group) => group.paths);
    } catch {
      // Not JSON: tf.io reports that below, in its own words.
    }
    if (paths.length === 1) {
      const expected = paths[0].split('/').pop()!;
      if (others[0].name !== expected) others[0] = new File([others[0]], expected);
    }
  }
  return tf.io.browserFiles([json[0], ...others]);
}

/** `count` code grids of a given shape from a flat array, int32. */
function codeGrids(codes: Int32Array, count: number, [height, width]: [number, number]): tf.Tensor3D {
  if (!(Number.isInteger(count) && count > 0 && codes.length === count * height * width)) {
    throw new Error(`decode: ${codes.length} codes do not make ${count} grids of ${height}×${width}`);
  }
  return tf.tensor3d(codes, [count, height, width], 'int32');
}

/** `count` 28×28 images from a flat array of pixels in [0,1]. */
function imagesTensor(images: Float32Array, count: number): tf.Tensor4D {
  if (!(Number.isInteger(count) && count > 0 && images.length === count * IMAGE_PIXELS)) {
    throw new Error(`expected ${count} images of 28×28 (${count * IMAGE_PIXELS} pixels), got ${images.length} pixels`);
  }
  return tf.tensor4d(images, [count, 28, 28, 1]);
}

/** Reads code grids back to the CPU, asynchronously, and frees the tensor. */
async function readCodes(codes: tf.Tensor3D): Promise<Int32Array> {
  try {
    return Int32Array.from(await codes.data());
  } finally {
    codes.dispose();
  }
}

/** The grids at `indices`, copied one after another. */
function gatherGrids(grids: Int32Array, indices: Uint32Array, cells: number): Int32Array {
  const batch = new Int32Array(indices.length * cells);
  indices.forEach((index, i) => batch.set(grids.subarray(index * cells, (index + 1) * cells), i * cells));
  return batch;
}

/** Puts `fresh` in place of a model whose backend was lost, and frees what can still be freed of the old one. */
function replaceLost<T extends { dispose(): void }>(map: Map<string, T>, name: string, fresh: T): void {
  const lost = map.get(name);
  map.set(name, fresh);
  try {
    lost?.dispose();
  } catch {
    // Its memory went with the device.
  }
}
