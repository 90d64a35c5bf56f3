import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointError, VQVAE } from '../../src/lib/vq/index.ts';
import { parseEngineText } from '../../src/lib/engine/messages.ts';
import { fileCheckpoint } from '../../src/lib/vq/node.ts';

let directory: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  directory = await mkdtemp(join(tmpdir(), 'vq-checkpoint-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const batch = () => tf.randomUniform([1, 28, 28, 1], 0, 1, 'float32', 9) as tf.Tensor4D;

/** Saves into memory and hands back the artifacts, as tf.io would pass them to any destination. */
async function toArtifacts(model: VQVAE): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return saved!;
}

async function trainedModel() {
  const model = VQVAE.create({ preset: 'tiny', codebookSize: 32, beta: 0.5, seed: 4 });
  const x = batch();
  await model.trainStep(x);
  await model.trainStep(x);
  x.dispose();
  return model;
}

function weightsOf(model: VQVAE) {
  const x = batch();
  const out = model.reconstruct(x);
  const values = { codebook: Array.from(model.codebook.dataSync()), output: Array.from(out.dataSync()) };
  tf.dispose([x, out]);
  return values;
}

describe('VQVAE checkpoints', () => {
  it('round-trip bit-exactly through files, with the config and the step', async () => {
    const model = await trainedModel();
    await model.save(fileCheckpoint(join(directory, 'round-trip')));
    const json = JSON.parse(await readFile(join(directory, 'round-trip', 'model.json'), 'utf8'));
    expect(json.format).toBe('vq-vae-explained-live/vqvae@1');
    expect(json.weightsManifest[0].paths).toEqual(['./weights.bin']);
    const loaded = await VQVAE.load(fileCheckpoint(join(directory, 'round-trip')));
    expect(loaded.config).toEqual(model.config);
    expect(loaded.step).toBe(2);
    // Bit-exact: toEqual on float arrays compares every value exactly.
    expect(weightsOf(loaded)).toEqual(weightsOf(model));
    model.dispose();
    loaded.dispose();
  });

  it('loads into a model that trains on', async () => {
    const model = await trainedModel();
    const loaded = await VQVAE.load(tf.io.fromMemory(await toArtifacts(model)));
    const x = batch();
    const [a, b] = [await model.trainStep(x), await loaded.trainStep(x)];
    // The loaded model trains on from the same step (vq-resume.test.ts checks that the update agrees too).
    expect(b.loss).toBe(a.loss);
    expect(b.step).toBe(3);
    x.dispose();
    model.dispose();
    loaded.dispose();
  });

  describe('rejects a corrupt checkpoint with a clear message, and leaves the current model untouched', () => {
    const cases: [string, (a: tf.io.ModelArtifacts) => tf.io.ModelArtifacts, RegExp][] = [
      ['a truncated weight file', (a) => ({ ...a, weightData: (a.weightData as ArrayBuffer).slice(0, 1000) }), /has 1000 bytes but the manifest describes \d+: it is truncated/],
      [
        'a wrong shape',
        (a) => ({ ...a, weightSpecs: a.weightSpecs!.map((s) => (s.name === 'codebook' ? { ...s, shape: [64, 4] } : s)) }),
        /Weight "codebook" has shape \[64,4\], expected \[32,8\]/,
      ],
      ['a wrong format', (a) => ({ ...a, format: 'layers-model' }), /Not a vqvae checkpoint: its format is "layers-model"/],
      ['a missing weight', (a) => ({ ...a, weightSpecs: a.weightSpecs!.filter((s) => s.name !== 'decoder/2/bias'), weightData: (a.weightData as ArrayBuffer).slice(0, -4) }), /no weight "decoder\/2\/bias"/],
      ['an impossible config', (a) => ({ ...a, userDefinedMetadata: { config: { preset: 'tiny', codebookSize: 0 }, step: 0 } }), /config is invalid: VQVAE config: codebookSize must be a whole number from 1 to 4096, got 0/],
      ['a missing step', (a) => ({ ...a, userDefinedMetadata: { config: a.userDefinedMetadata!.config } }), /step must be a whole number ≥ 0, got undefined/],
      [
        'a NaN weight',
        (a) => {
          const data = (a.weightData as ArrayBuffer).slice(0);
          new Float32Array(data)[5] = Number.NaN;
          return { ...a, weightData: data };
        },
        /Weight "encoder\/0\/kernel" holds NaN at element 5/,
      ],
    ];
    for (const [what, corrupt, message] of cases) {
      it(what, async () => {
        const current = await trainedModel();
        const before = weightsOf(current);
        const tensorsBefore = tf.memory().numTensors;
        const error = await VQVAE.load(tf.io.fromMemory(corrupt(await toArtifacts(current)))).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CheckpointError);
        expect((error as Error).message).toMatch(message);
        // The module writes these sentences itself (it imports nothing outside src/lib/vq); the engine's
        // catalogue must still recognise them, so a Chinese page can say them in Chinese.
        if (what === 'a truncated weight file') expect(parseEngineText((error as Error).message)?.id).toBe('truncatedWeights');
        if (what === 'a wrong format') expect(parseEngineText((error as Error).message)?.id).toBe('wrongCheckpointKind');
        expect(tf.memory().numTensors).toBe(tensorsBefore);
        expect(weightsOf(current)).toEqual(before);
        current.dispose();
      });
    }

    it('a truncated file on disk, and a model.json that is not JSON', async () => {
      const model = await trainedModel();
      const dir = join(directory, 'truncated');
      await model.save(fileCheckpoint(dir));
      await truncate(join(dir, 'weights.bin'), 100);
      await expect(VQVAE.load(fileCheckpoint(dir))).rejects.toThrow(/has 100 bytes but the manifest describes/);
      await writeFile(join(dir, 'model.json'), '{"format": "vq-vae-expl');
      await expect(VQVAE.load(fileCheckpoint(dir))).rejects.toThrow(/Could not read the checkpoint: .*JSON/);
      model.dispose();
    });
  });
});
