import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileCheckpoint } from '../../src/lib/vq/node.ts';
import { resolveConfig, VQVAE, type FlatVQVAEConfig, type QuantisedVQVAEConfig } from '../../src/lib/vq/index.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const saved = { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const } };

/** The named weights a model saves, with their values. */
async function weightsOf(model: VQVAE): Promise<Record<string, number[]>> {
  let artifacts!: tf.io.ModelArtifacts;
  await model.save(tf.io.withSaveHandler(async (a) => ((artifacts = a), saved)));
  const tensors = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  const values = Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, Array.from(t.dataSync())]));
  tf.dispose(Object.values(tensors));
  return values;
}

// Each variant in both forms: the flat fields of earlier versions, and the discriminated quantiser.
const pairs: [string, FlatVQVAEConfig, QuantisedVQVAEConfig][] = [
  ['plain', { preset: 'tiny', codebookUpdate: 'loss' }, { preset: 'tiny' }],
  ['ema with restarts', { preset: 'tiny', codebookUpdate: 'ema', emaDecay: 0.9, deadCodeRestart: 5 }, { preset: 'tiny', quantiser: { kind: 'codebook', update: 'ema', emaDecay: 0.9, deadCodeRestart: 5 } }],
  ['cosine, k-means++', { preset: 'tiny', lookup: 'cosine', codebookInit: 'kmeans++', codebookSize: 16 }, { preset: 'tiny', codebookSize: 16, quantiser: { kind: 'codebook', lookup: 'cosine', init: 'kmeans++' } }],
  ['low-dimensional', { preset: 'tiny', lookupDim: 2 }, { preset: 'tiny', quantiser: { kind: 'codebook', lookupDim: 2 } }],
  ['SimVQ in 3 dimensions', { preset: 'tiny', simvq: true, lookupDim: 3 }, { preset: 'tiny', quantiser: { kind: 'simvq', lookupDim: 3 } }],
  ['FSQ', { preset: 'tiny', fsq: [5, 4, 3] }, { preset: 'tiny', quantiser: { kind: 'fsq', levels: [5, 4, 3] } }],
  ['residual', { preset: 'tiny', residualStages: 3 }, { preset: 'tiny', quantiser: { kind: 'residual', stages: 3 } }],
];

describe('the quantiser config', () => {
  for (const [name, flat, quantised] of pairs) {
    it(`${name}: the flat form and the quantiser form resolve alike, and build the same weights under the same names after a step`, async () => {
      expect(resolveConfig(flat)).toEqual(resolveConfig(quantised));
      const x = tf.tidy(() => tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 3)) as tf.Tensor4D;
      const [a, b] = [VQVAE.create(flat), VQVAE.create(quantised)];
      const [ma, mb] = [await a.trainStep(x), await b.trainStep(x)];
      expect(ma).toEqual(mb);
      expect(await weightsOf(a)).toEqual(await weightsOf(b));
      tf.dispose([x]);
      a.dispose();
      b.dispose();
    });
  }

  it('refuses options that mean nothing for a kind, naming the field, so an impossible combination cannot be written', () => {
    const refused: [unknown, string][] = [
      [{ kind: 'fsq', levels: [8, 8], update: 'ema' }, 'update must be one of the known fields (kind, levels)'],
      [{ kind: 'simvq', deadCodeRestart: 10 }, 'deadCodeRestart must be one of the known fields (kind, lookup, lookupDim, init)'],
      [{ kind: 'residual', stages: 2, lookup: 'cosine' }, 'lookup must be one of the known fields (kind, stages)'],
      [{ kind: 'pq' }, 'quantiser.kind must be "codebook", "simvq", "fsq" or "residual", got "pq"'],
      [{ kind: 'residual', stages: 9 }, 'quantiser.stages must be a whole number from 1 to 8, got 9'],
      [{ kind: 'codebook', update: 'adam' }, 'quantiser.update must be "loss" or "ema", got "adam"'],
      [{ kind: 'codebook', lookupDim: 8 }, 'quantiser.lookupDim must be a whole number from 1 to 7, got 8'],
      [{ kind: 'fsq', levels: [8, 1] }, 'quantiser.levels must be a list of 1 to 16 whole numbers from 2 to 64, got [8,1]'],
    ];
    for (const [quantiser, message] of refused) expect(() => resolveConfig({ preset: 'tiny', quantiser } as QuantisedVQVAEConfig), JSON.stringify(quantiser)).toThrow(message);
    expect(() => resolveConfig({ preset: 'tiny', fsq: [8, 8], quantiser: { kind: 'fsq', levels: [8, 8] } } as never)).toThrow('quantiser must be left out when the flat fields');
    expect(() => resolveConfig({ preset: 'tiny', fsq: [8, 8], codebookUpdate: 'ema' })).toThrow('codebookUpdate must be "loss" with fsq');
    expect(() => resolveConfig({ preset: 'tiny', quantiser: { kind: 'fsq', levels: [8, 8] }, gradient: 'rotation' })).toThrow('gradient must be "ste" with fsq');
  });

  it('changes the EMA decay and the restart patience on a live model, but not the quantiser', () => {
    const model = VQVAE.create({ preset: 'tiny', quantiser: { kind: 'codebook', update: 'ema' } });
    model.setHyperparameters({ emaDecay: 0.9, deadCodeRestart: 20 });
    expect(model.config.quantiser).toMatchObject({ kind: 'codebook', update: 'ema', emaDecay: 0.9, deadCodeRestart: 20 });
    expect(() => model.setHyperparameters({ quantiser: { kind: 'fsq', levels: [8, 8] } })).toThrow("quantiser sets the model's shape or history");
    expect(() => model.setHyperparameters({ codebookUpdate: 'loss' })).toThrow("codebookUpdate sets the model's shape or history");
    model.setHyperparameters({ codebookUpdate: 'ema', emaDecay: 0.95 });
    model.dispose();
    const fsq = VQVAE.create({ preset: 'tiny', quantiser: { kind: 'fsq', levels: [8, 8] } });
    fsq.setHyperparameters({ beta: 1, deadCodeRestart: false });
    expect(() => fsq.setHyperparameters({ deadCodeRestart: 10 })).toThrow('deadCodeRestart must be false with a fsq quantiser');
    fsq.dispose();
  });
});

describe('every committed VQ-VAE checkpoint', () => {
  const directories = readdirSync('public/models').filter((name) => JSON.parse(readFileSync(`public/models/${name}/model.json`, 'utf8')).modelTopology?.kind === 'vqvae');

  it('is found (the list is not empty)', () => {
    expect(directories).toEqual(expect.arrayContaining(['vqvae-tiny-mnist', 'vqvae-r1-mnist', 'vqvae-rvq4-tiny-mnist']));
  });

  for (const name of directories) {
    it(`${name} loads from its flat config and saves again under the same weight names, bit for bit`, async () => {
      const json = JSON.parse(readFileSync(`public/models/${name}/model.json`, 'utf8')) as tf.io.ModelJSON;
      const names = json.weightsManifest.flatMap((group) => group.weights.map((w) => w.name));
      const model = await VQVAE.load(fileCheckpoint(`public/models/${name}`));
      const stored = json.userDefinedMetadata!.config as { residualStages?: number };
      expect(model.config.quantiser.kind).toBe((stored.residualStages ?? 1) > 1 ? 'residual' : 'codebook');
      const weights = await weightsOf(model);
      // The weights first, under the committed names; after them only the training state a save now adds.
      expect(Object.keys(weights).slice(0, names.length)).toEqual(names);
      expect(Object.keys(weights).slice(names.length).filter((name) => !/^(optimizer|ema)\//.test(name))).toEqual([]);
      const again = await VQVAE.load(fileCheckpoint(`public/models/${name}`));
      expect(await weightsOf(again)).toEqual(weights);
      model.dispose();
      again.dispose();
    });
  }
});
