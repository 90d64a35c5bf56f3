import * as tf from './tf.ts';
import { Adam } from './adam.ts';
import { definedFields, fail, knownFields, oneOf, wholeNumber } from './config-rules.ts';
import { queueGuardedStep, stepOutcome } from './guarded-step.ts';
import { PendingSteps } from './pending-steps.ts';
import { restoreModel, saveModel, type CheckpointParts, type CheckpointSource } from './checkpoint.ts';
import { gaussianKl } from './kl-divergence.ts';
import { applyNetwork, buildNetwork, disposeNetwork, namedLayers, type LayerParams } from './network.ts';
import { networkPresets } from './presets.ts';
import { countersState, optimizerCheckpoint, savedWhole, type LoadedState } from './training-state.ts';
import { variableFrom } from './variables.ts';

/** What `Autoencoder.create` accepts. */
export interface AutoencoderConfig {
  /** A plain autoencoder, z = f(x), or a VAE with a Gaussian posterior. */
  kind: 'ae' | 'vae';
  /** Latent dimensions; 2 lets a chapter draw the latent space. */
  latentDim?: number;
  /** β, the weight of the KL term in the VAE's loss (1, the default, is the ELBO; below 1 lets the latent carry more). */
  klWeight?: number;
  learningRate?: number;
  seed?: number;
}

/** A config with every default filled in. */
export type ResolvedAutoencoderConfig = Required<AutoencoderConfig>;

/** What one training step reports, in nats per image. */
export type AutoencoderMetrics = {
  step: number;
  /** What the step minimised: reconstruction, plus klWeight · KL for the VAE. */
  loss: number;
  /** Bernoulli negative log-likelihood of the pixels, summed over the 784 of an image. */
  reconstruction: number;
  /** KL(q(z|x) ‖ N(0, I)), 0 for the plain autoencoder. */
  kl: number;
  /** The evidence lower bound, −(reconstruction + KL): a lower bound on log p(x) for the VAE. */
  elbo: number;
  rejected: string | null;
};

/** The flattened 7×7×32 features of the tiny encoder, the size the dense layers map from and to. */
const FEATURES = 7 * 7 * 32;

/** Dense layer weights. */
type Dense = { weights: tf.Variable<tf.Rank.R2>; bias: tf.Variable<tf.Rank.R1> };

function dense(input: number, output: number, seed: number): Dense {
  const limit = Math.sqrt(6 / (input + output));
  return {
    weights: variableFrom(tf.randomUniform([input, output], -limit, limit, 'float32', seed) as tf.Tensor2D),
    bias: variableFrom(tf.zeros([output]) as tf.Tensor1D),
  };
}

function resolve(config: AutoencoderConfig): ResolvedAutoencoderConfig {
  const owner = 'Autoencoder';
  if (typeof config !== 'object' || config === null) fail(owner, 'config', 'an object', config);
  oneOf(owner, 'kind', config.kind, ['ae', 'vae']);
  knownFields(owner, config, ['kind', 'latentDim', 'klWeight', 'learningRate', 'seed']);
  const resolved = { latentDim: 2, klWeight: 1, learningRate: 2e-3, seed: 0, ...definedFields(config) } as ResolvedAutoencoderConfig;
  wholeNumber(owner, 'latentDim', resolved.latentDim, 1, 256);
  if (!(Number.isFinite(resolved.klWeight) && resolved.klWeight >= 0)) fail(owner, 'klWeight', 'a finite number ≥ 0', resolved.klWeight);
  if (!(Number.isFinite(resolved.learningRate) && resolved.learningRate > 0)) fail(owner, 'learningRate', 'a finite number > 0', resolved.learningRate);
  wholeNumber(owner, 'seed', resolved.seed, 0, 2 ** 32 - 1);
  return resolved;
}

/**
 * The VQ-VAE's companions for chapter 2: an autoencoder and a VAE (Kingma and Welling 2014) with a
 * continuous latent of `latentDim` numbers. They share the tiny preset's convolutions; a dense layer
 * maps the 7×7×32 features to the latent and back.
 *
 * The VAE's encoder gives a mean and a log-variance, samples z = μ + σ·ε with ε ~ N(0, I) (the
 * reparameterisation, so gradients reach μ and σ), and adds the KL term. Pixels are modelled as
 * Bernoulli, so losses are in nats per image and the ELBO is comparable across models.
 */
export class Autoencoder {
  readonly config: ResolvedAutoencoderConfig;
  readonly #encoder: LayerParams[];
  readonly #toLatent: Dense;
  readonly #fromLatent: Dense;
  readonly #decoder: LayerParams[];
  readonly #optimizer: Adam;
  #noiseSeed: number;
  /** Steps applied, as far as their numbers have been read. */
  #step = 0;
  #loadedState: LoadedState | null = null;
  readonly #pending = new PendingSteps<null, AutoencoderMetrics>((stats) => {
    const { loss, report: [reconstruction = 0, kl = 0], rejected } = stepOutcome(stats, 2, this.#step + 1);
    if (rejected === null) this.#step += 1;
    return { step: this.#step, loss, reconstruction, kl, elbo: -(reconstruction + kl), rejected };
  });

  private constructor(config: ResolvedAutoencoderConfig) {
    this.config = config;
    const { encoder, decoder } = networkPresets.tiny;
    // The encoder stops before the 1×1 projection to codes: here a dense layer makes the latent.
    this.#encoder = buildNetwork(encoder.slice(0, 2), 1, 0, config.seed);
    const outputs = config.kind === 'vae' ? 2 * config.latentDim : config.latentDim;
    this.#toLatent = dense(FEATURES, outputs, config.seed + 100);
    this.#fromLatent = dense(config.latentDim, FEATURES, config.seed + 200);
    this.#decoder = buildNetwork(decoder, 32, 0, config.seed + 1000);
    this.#optimizer = new Adam(config.learningRate);
    this.#noiseSeed = config.seed + 5000;
  }

  /** A fresh model; a bad config throws a RangeError naming the field. */
  static create(config: AutoencoderConfig): Autoencoder {
    return new Autoencoder(resolve(config));
  }

  /** Loads a checkpoint saved by `save`; a bad one throws a CheckpointError and changes nothing. */
  static load(source: CheckpointSource): Promise<Autoencoder> {
    return restoreModel(source, 'autoencoder', (config: unknown) => resolve(config as AutoencoderConfig), (config: ResolvedAutoencoderConfig) => new Autoencoder(config), (m: Autoencoder) => m.#checkpoint());
  }

  /** Saves weights, config, step and training state (Adam's moments, the VAE's noise stream) once the queued steps are read, in TF.js's weights-manifest format. */
  async save(destination: CheckpointSource): Promise<tf.io.SaveResult> {
    await this.#pending.settle();
    return saveModel(destination, 'autoencoder', this.config, this.#checkpoint());
  }

  /** What its checkpoint held: 'full' (training resumes exactly), 'weights' (an older one: Adam's moments restart); null if created. */
  get loadedState(): LoadedState | null {
    return this.#loadedState;
  }

  /** Training steps applied so far. */
  get step(): number {
    return this.#step;
  }

  /** How many numbers the encoder, the two dense layers and the decoder hold. */
  get parameterCount(): number {
    return this.#variables().reduce((sum, variable) => sum + variable.size, 0);
  }

  /** The latent of each image, [B,d]: z for the autoencoder, the posterior mean μ for the VAE. */
  encode(x: tf.Tensor4D): tf.Tensor2D {
    return tf.tidy(() => this.#posterior(x).mean);
  }

  /** Images [B,28,28,1], pixel probabilities in (0,1), decoded from latents [B,d]. */
  decode(z: tf.Tensor2D): tf.Tensor4D {
    if (z.rank !== 2 || z.shape[1] !== this.config.latentDim) throw new Error(`decode expects latents [B,${this.config.latentDim}], got [${z.shape}]`);
    return tf.tidy(() => tf.sigmoid(this.#decodeLogits(z)) as tf.Tensor4D);
  }

  /** What the model makes of each image: the decoded posterior mean, pixel probabilities [B,28,28,1]. */
  reconstruct(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => tf.sigmoid(this.#decodeLogits(this.#posterior(x).mean)) as tf.Tensor4D);
  }

  /** KL(q(z|x) ‖ N(0, I)) of each image in nats, [B]: what its latent costs; zeros for the plain autoencoder. */
  kl(x: tf.Tensor4D): tf.Tensor1D {
    return tf.tidy(() => {
      const { mean, logVariance } = this.#posterior(x);
      return logVariance ? gaussianKl(mean, logVariance) : (tf.zeros([mean.shape[0]]) as tf.Tensor1D);
    });
  }

  /**
   * One Adam step on images [B,28,28,1] in [0,1], and its metrics. A non-finite loss or gradient is
   * rejected and the weights kept. Steps queued and not read yet are read in the same transfer.
   */
  async trainStep(x: tf.Tensor4D): Promise<AutoencoderMetrics> {
    this.queueTrainStep(x);
    const metrics = await this.readMetrics();
    return metrics[metrics.length - 1]!;
  }

  /** Queues one step on the device without reading anything back (see `VQVAE.queueTrainStep`). */
  queueTrainStep(x: tf.Tensor4D): void {
    const { stats, applied } = queueGuardedStep(this.#optimizer, this.#variables(), () => {
      const { reconstruction, kl } = this.#losses(x, this.#noiseSeed++);
      const loss = tf.add(reconstruction, this.config.klWeight === 1 ? kl : tf.mul(kl, this.config.klWeight)) as tf.Scalar;
      return { loss, report: [reconstruction, kl], keep: [] };
    });
    applied.dispose();
    this.#pending.push(stats, null);
  }

  /** The metrics of every step queued since the last read, in order, from one non-blocking read. */
  readMetrics(): Promise<AutoencoderMetrics[]> {
    return this.#pending.read();
  }

  /** Frees every tensor the model holds. */
  dispose(): void {
    disposeNetwork(this.#encoder);
    disposeNetwork(this.#decoder);
    tf.dispose([this.#toLatent.weights, this.#toLatent.bias, this.#fromLatent.weights, this.#fromLatent.bias]);
    this.#pending.clear();
    this.#optimizer.dispose();
  }

  #posterior(x: tf.Tensor4D): { mean: tf.Tensor2D; logVariance: tf.Tensor2D | null } {
    const features = tf.reshape(applyNetwork(this.#encoder, tf.sub(x, 0.5) as tf.Tensor4D), [-1, FEATURES]) as tf.Tensor2D;
    const out = tf.add(tf.matMul(features, this.#toLatent.weights), this.#toLatent.bias) as tf.Tensor2D;
    if (this.config.kind === 'ae') return { mean: out, logVariance: null };
    const d = this.config.latentDim;
    return { mean: tf.slice(out, [0, 0], [-1, d]), logVariance: tf.slice(out, [0, d], [-1, d]) };
  }

  #decodeLogits(z: tf.Tensor2D): tf.Tensor4D {
    const features = tf.relu(tf.add(tf.matMul(z, this.#fromLatent.weights), this.#fromLatent.bias));
    return applyNetwork(this.#decoder, tf.reshape(features, [-1, 7, 7, 32]) as tf.Tensor4D);
  }

  /** Per-image means of the Bernoulli NLL and of the KL, for one draw of the noise. */
  #losses(x: tf.Tensor4D, noiseSeed: number): { reconstruction: tf.Scalar; kl: tf.Scalar } {
    const { mean, logVariance } = this.#posterior(x);
    let z = mean;
    let kl = tf.scalar(0);
    if (logVariance) {
      const noise = tf.randomNormal(mean.shape, 0, 1, 'float32', noiseSeed);
      z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVariance, 0.5)), noise)) as tf.Tensor2D; // z = μ + σ·ε
      kl = tf.mean(gaussianKl(mean, logVariance)) as tf.Scalar;
    }
    const logits = this.#decodeLogits(z);
    // Binary cross-entropy from logits, stable for large |logits|: max(l,0) − l·x + log(1 + e^−|l|).
    const perPixel = tf.add(tf.sub(tf.relu(logits), tf.mul(logits, x)), tf.log1p(tf.exp(tf.neg(tf.abs(logits)))));
    const reconstruction = tf.mean(tf.sum(tf.reshape(perPixel, [x.shape[0], -1]), 1)) as tf.Scalar;
    return { reconstruction, kl };
  }

  #variables(): tf.Variable[] {
    return this.#namedVariables().map(({ variable }) => variable);
  }

  /** Its checkpoint: the weights, and as training state Adam's moments and step and the seed of the next step's noise. */
  #checkpoint(): CheckpointParts {
    const noise = countersState(
      () => ({ seed: this.#noiseSeed }),
      (saved) => {
        const seed = savedWhole(saved, 'noise.seed', 'seed');
        return () => void (this.#noiseSeed = seed);
      },
    );
    const progress = { step: this.#step, weights: this.#namedVariables(), optimizer: this.#optimizer, trainable: this.#variables() };
    return optimizerCheckpoint(progress, (step, held) => void ([this.#step, this.#loadedState] = [step, held]), { noise });
  }

  #namedVariables(): { name: string; variable: tf.Variable }[] {
    return [
      ...namedLayers('encoder', this.#encoder),
      { name: 'toLatent/weights', variable: this.#toLatent.weights as tf.Variable },
      { name: 'toLatent/bias', variable: this.#toLatent.bias as tf.Variable },
      { name: 'fromLatent/weights', variable: this.#fromLatent.weights as tf.Variable },
      { name: 'fromLatent/bias', variable: this.#fromLatent.bias as tf.Variable },
      ...namedLayers('decoder', this.#decoder),
    ];
  }
}
