/**
 * The committed tiny VQ-VAE of a dataset and the PixelCNN prior trained on its codes, built in the
 * page's engine together: the pair every widget that samples or scores code grids starts from.
 */
import type { DatasetName } from '../data/manifest.ts';
import type { EngineClient } from '../engine/client.svelte.ts';
import type { ModelInfo, PriorInfo } from '../engine/protocol.ts';

/** Builds `names.model` and `names.prior` from public/models/vqvae-tiny-<dataset> and prior-tiny-<dataset>. */
export async function loadTinyWithPrior(engine: EngineClient, names: { model: string; prior: string }, dataset: DatasetName = 'mnist'): Promise<{ model: ModelInfo; prior: PriorInfo }> {
  const models = `${import.meta.env.BASE_URL}models`;
  const model = await engine.createModel(names.model, { preset: 'tiny' }, `${models}/vqvae-tiny-${dataset}/model.json`);
  const prior = await engine.createPrior(names.prior, { codebookSize: model.config.codebookSize, height: model.grid[0], width: model.grid[1] }, `${models}/prior-tiny-${dataset}/model.json`);
  return { model, prior };
}
