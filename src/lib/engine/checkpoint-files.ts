import * as tf from '@tensorflow/tfjs-core';
import { modelJsonFor, type CheckpointSource } from '@vq-vae-live/vq';
import { invalidRequest } from './engine-error.ts';
import { keepInBrowser, openKept } from './kept-checkpoints.ts';
import { engineText } from './messages.ts';
import type { CheckpointOrigin } from './protocol.ts';

/**
 * Checkpoint files under the names a reader sees: a download is a `<stem>.json` manifest naming its
 * `<stem>.weights.bin`, and a pair the reader picked loads even after the weights file was renamed.
 */

/** A saved checkpoint's files, ready for the page to offer as downloads. */
export type CheckpointFiles = { name: string; data: ArrayBuffer | string }[];

/**
 * The tf.io source for a checkpoint origin; a reader's files go through tf.io.browserFiles, model.json
 * first. A copy kept in this browser is read here, so a refusing IndexedDB is a storage error, not a bad checkpoint.
 */
export async function checkpointSource(origin: CheckpointOrigin): Promise<CheckpointSource> {
  if ('url' in origin) return tf.io.http(origin.url);
  if ('indexedDb' in origin) return tf.io.fromMemory(await openKept(origin.indexedDb));
  const json = origin.files.filter((file) => file.name.endsWith('.json'));
  const others = origin.files.filter((file) => !file.name.endsWith('.json'));
  if (json.length !== 1 || others.length === 0) {
    throw invalidRequest(engineText('pickCheckpointFiles', { files: origin.files.map((f) => f.name).join(', ') || engineText('noFiles') }));
  }
  // A renamed weights file still loads: with one shard, it is the one the manifest means.
  if (others.length === 1) {
    let paths: string[] = [];
    try {
      const manifest = (JSON.parse(await json[0].text()) as tf.io.ModelJSON).weightsManifest ?? [];
      paths = manifest.flatMap((group) => group.paths);
    } catch {
      // Not JSON: tf.io reports that when it loads, in its own words.
    }
    if (paths.length === 1) {
      const expected = paths[0].split('/').pop()!;
      if (others[0].name !== expected) others[0] = new File([others[0]], expected);
    }
  }
  return tf.io.browserFiles([json[0], ...others]);
}

/** Something that saves itself through a tf.io handler: any model or prior of the module. */
type Saveable = { save(destination: CheckpointSource): Promise<unknown> };

/**
 * Saves to IndexedDB (no files), or into the two files of a download named after `fileStem`. A full or
 * refused IndexedDB rejects with a storage error naming what failed (see kept-checkpoints.ts); the model is untouched.
 */
export async function saveCheckpoint(model: Saveable, destination: 'download' | `indexeddb://${string}`, fileStem: string): Promise<CheckpointFiles> {
  if (destination !== 'download') {
    const name = destination.slice('indexeddb://'.length);
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        await keepInBrowser(name, artifacts);
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
    return [];
  }
  let files: CheckpointFiles = [];
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
  return files;
}
