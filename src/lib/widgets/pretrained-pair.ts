/**
 * The committed tiny VQ-VAE of a dataset and the PixelCNN prior trained on its codes, built in the
 * page's engine together: the pair every widget that samples or scores code grids starts from.
 */
import type { DatasetName } from '../data/manifest.ts';
import type { EngineClient } from '../engine/client.svelte.ts';
import type { ModelInfo, PriorInfo } from '../engine/protocol.ts';
import type { PixelCNNPriorConfig } from '@vq-vae-live/vq';

const models = () => `${import.meta.env.BASE_URL}models`;

/** Builds the tiny VQ-VAE of a dataset as `name`, from public/models/vqvae-tiny-<dataset>. */
export async function loadTinyModel(engine: EngineClient, name: string, dataset: DatasetName = 'mnist'): Promise<ModelInfo> {
  return engine.createModel(name, { preset: 'tiny' }, `${models()}/vqvae-tiny-${dataset}/model.json`);
}

/** The config and checkpoint URL of the prior trained on that model's codes (public/models/prior-tiny-<dataset>), for `create`. */
export function tinyPriorFor(model: ModelInfo, dataset: DatasetName = 'mnist'): { config: PixelCNNPriorConfig; checkpoint: string } {
  return { config: { codebookSize: model.config.codebookSize, height: model.grid[0], width: model.grid[1] }, checkpoint: `${models()}/prior-tiny-${dataset}/model.json` };
}

/** Builds `names.model` and `names.prior` from public/models/vqvae-tiny-<dataset> and prior-tiny-<dataset>. */
export async function loadTinyWithPrior(engine: EngineClient, names: { model: string; prior: string }, dataset: DatasetName = 'mnist'): Promise<{ model: ModelInfo; prior: PriorInfo }> {
  const model = await loadTinyModel(engine, names.model, dataset);
  const { config, checkpoint } = tinyPriorFor(model, dataset);
  return { model, prior: await engine.createPrior(names.prior, config, checkpoint) };
}
