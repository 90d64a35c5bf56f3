/**
 * Node-only: checkpoints in a directory, for the training CLI and tests. Kept out of index.ts because it
 * imports node:fs. The files are the ones a browser download or a static server gives: model.json
 * plus weights.bin, so a directory written here is served to the site as is.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
// Through the package's entry, so that the built node.js shares index.js's code instead of carrying a copy.
import { modelJsonFor } from './index.ts';

/** The name of the single weight shard we write. */
const shardName = 'weights.bin';

/** A tf.io handler that saves to and loads from `directory` (model.json and weights.bin). */
export function fileCheckpoint(directory: string): tf.io.IOHandler {
  return {
    async save(artifacts) {
      if (artifacts.weightData === undefined || artifacts.weightSpecs === undefined) throw new Error('fileCheckpoint: nothing to save');
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      const modelJson = modelJsonFor(artifacts, shardName);
      await mkdir(directory, { recursive: true });
      await writeFile(join(directory, shardName), weights);
      await writeFile(join(directory, 'model.json'), `${JSON.stringify(modelJson, null, 1)}\n`);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load() {
      const jsonPath = join(directory, 'model.json');
      const modelJson = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const shards = await Promise.all(manifest.flatMap((group) => group.paths).map((path) => readFile(join(dirname(jsonPath), path))));
        const bytes = Buffer.concat(shards);
        return [specs, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)];
      });
    },
  };
}
