import * as tf from '@tensorflow/tfjs-core';
import {
  Autoencoder,
  CheckpointError,
  HierarchicalVQVAE,
  readCheckpoint,
  VQVAE,
  type AutoencoderConfig,
  type CheckpointSource,
  type HierarchicalVQVAEConfig,
  type VQVAEConfig,
} from '@vq-vae-live/vq';
import type { AnyModelInfo, ConfigOf, ModelKind } from './protocol.ts';

/** Any model the engine can hold under a name: a VQ-VAE, the two-level VQ-VAE, or an AE/VAE. */
export type HostedModel = VQVAE | HierarchicalVQVAE | Autoencoder;

/** The checkpoint kind (in the checkpoint's format string) of each model kind. */
const checkpointKinds: Record<ModelKind, string> = { vqvae: 'vqvae', vqvae2: 'vqvae2', autoencoder: 'autoencoder' };

/** Which kind a hosted model is. */
export function kindOf(model: HostedModel): ModelKind {
  if (model instanceof VQVAE) return 'vqvae';
  if (model instanceof HierarchicalVQVAE) return 'vqvae2';
  return 'autoencoder';
}

/** A fresh model of a kind; a bad config throws a RangeError naming the field. */
export function createHostedModel(kind: ModelKind, config: ConfigOf<ModelKind>): HostedModel {
  if (kind === 'vqvae') return VQVAE.create(config as VQVAEConfig);
  if (kind === 'vqvae2') return HierarchicalVQVAE.create(config as HierarchicalVQVAEConfig);
  return Autoencoder.create(config as AutoencoderConfig);
}

/**
 * Loads a checkpoint of any kind, read once and loaded by the class its format names. With `expected`,
 * a checkpoint of another kind is refused before anything is built, with both kinds named.
 */
export async function loadHostedModel(source: CheckpointSource, expected?: ModelKind): Promise<HostedModel> {
  const { kind, artifacts } = await readCheckpoint(source);
  const found = (Object.keys(checkpointKinds) as ModelKind[]).find((k) => checkpointKinds[k] === kind);
  if (!found) throw new CheckpointError(`A "${kind}" checkpoint is not a model the engine can hold (it holds ${Object.values(checkpointKinds).join(', ')})`);
  if (expected && found !== expected) throw new CheckpointError(`This is a ${kind} checkpoint, but the model it would replace is of kind ${checkpointKinds[expected]}`);
  const memory = tf.io.fromMemory(artifacts);
  if (found === 'vqvae') return VQVAE.load(memory);
  if (found === 'vqvae2') return HierarchicalVQVAE.load(memory);
  return Autoencoder.load(memory);
}

/** What a widget needs to know about a model, by kind. */
export function infoOf(model: HostedModel): AnyModelInfo {
  const common = { step: model.step, parameterCount: model.parameterCount, loadedState: model.loadedState };
  if (model instanceof VQVAE) return { kind: 'vqvae', config: model.config, grid: model.grid, ...common };
  if (model instanceof HierarchicalVQVAE) return { kind: 'vqvae2', config: model.config, grid: model.grids.bottom, topGrid: model.grids.top, ...common };
  return { kind: 'autoencoder', config: model.config, ...common };
}
