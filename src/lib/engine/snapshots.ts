import type * as tf from '@tensorflow/tfjs-core';
import { batchTensor } from '../data/batch.ts';
import type { Split } from '../data/dataset.ts';
import type { DatasetName } from '../data/manifest.ts';
import { Autoencoder, VQVAE } from '@vq-vae-live/vq';
import { invalidRequest } from './engine-error.ts';
import type { HostedModel } from './hosted-model.ts';
import type { EngineEvent, ImageRange, Snapshot, SnapshotRequest } from './protocol.ts';
import { checkInspectable, checkStages, inspection, reconstruction } from './readouts.ts';

/** Shortest gap between two snapshots of one model while it trains, unless the request says otherwise. */
export const SNAPSHOT_EVERY_MS = 1000;

/** A snapshot may take at most this share of a model's training time: it waits this many times as long as the last one took. */
const SNAPSHOT_SHARE = 4;

/** Where the images of a range come from: the splits the Worker has already loaded. */
export type SplitSource = (dataset: DatasetName, split: 'train' | 'test') => Promise<Split>;

type Watch = { request: SnapshotRequest; splits: { reconstruction?: Split; inspection?: Split }; lastEnd: number; lastDuration: number };

/**
 * The snapshots widgets watch: for each model name, which of the Worker's own images to reconstruct
 * or inspect, pushed with the metrics instead of asked for by the page with the images every time.
 * Taking one touches the model, so callers run it in the model queue.
 */
export class Snapshots {
  readonly #watches = new Map<string, Watch>();
  readonly #emit: (event: EngineEvent) => void;
  readonly #splits: SplitSource;
  readonly #now: () => number;

  constructor(emit: (event: EngineEvent) => void, splits: SplitSource, now: () => number = () => performance.now()) {
    this.#emit = emit;
    this.#splits = splits;
    this.#now = now;
  }

  /** Loads the splits a request names and checks its ranges; the model checks come in `watch`. */
  async prepare(request: SnapshotRequest): Promise<Watch['splits']> {
    const gap = request.everyMs;
    if (gap !== undefined && !(Number.isFinite(gap) && gap >= 0)) throw invalidRequest(`watch: everyMs must be a number ≥ 0, got ${gap}`);
    const splits: Watch['splits'] = {};
    for (const part of ['reconstruction', 'inspection'] as const) {
      const range = request[part];
      if (range) splits[part] = checkRange(part, range, await this.#splits(range.dataset, range.split));
    }
    return splits;
  }

  /** Starts (or with null, stops) pushing snapshots of `model` under `name`, after checking the model can give them. */
  watch(name: string, model: HostedModel, request: SnapshotRequest | null, splits: Watch['splits']): void {
    if (request === null) {
      this.#watches.delete(name);
      return;
    }
    checkStages(model, request.reconstruction?.stages, 'watch');
    if (request.inspection) checkInspectable(model, 'watch', true);
    this.#watches.set(name, { request, splits, lastEnd: -Infinity, lastDuration: 0 });
  }

  /** Forgets a name's watch (its model was freed). */
  forget(name: string): void {
    this.#watches.delete(name);
  }

  /** Whether `name` is watched at all. */
  watched(name: string): boolean {
    return this.#watches.has(name);
  }

  /** Whether a snapshot of `name` is due while it trains: the gap has passed, and the last one took a small enough share. */
  due(name: string): boolean {
    const watch = this.#watches.get(name);
    if (!watch) return false;
    const wait = Math.max(watch.request.everyMs ?? SNAPSHOT_EVERY_MS, SNAPSHOT_SHARE * watch.lastDuration);
    return this.#now() - watch.lastEnd >= wait;
  }

  /**
   * Takes a snapshot of `model` for `name` now and pushes it, if `name` is watched. A part the model
   * can no longer give (a reset to fewer stages) is left out; the rest is still sent.
   */
  async take(name: string, model: HostedModel | undefined): Promise<void> {
    const watch = this.#watches.get(name);
    if (!watch || !model) return;
    const started = this.#now();
    const { request, splits } = watch;
    const snapshot: Snapshot = { step: model.step, reconstruction: null, inspection: null };
    if (request.reconstruction && splits.reconstruction) {
      const { stages } = request.reconstruction;
      const images = await partOrNull(() => {
        checkStages(model, stages);
        return reconstruction(model, imagesOf(splits.reconstruction!, request.reconstruction!), stages);
      });
      if (images) snapshot.reconstruction = { images, count: request.reconstruction.count };
    }
    if (request.inspection && splits.inspection && (model instanceof VQVAE || model instanceof Autoencoder)) {
      snapshot.inspection = await partOrNull(() => inspection(model, imagesOf(splits.inspection!, request.inspection!)));
    }
    // The watch may have been replaced or stopped while this one was taken.
    if (this.#watches.get(name) !== watch) return;
    watch.lastEnd = this.#now();
    watch.lastDuration = watch.lastEnd - started;
    this.#emit({ type: 'snapshot', model: name, snapshot });
  }
}

function checkRange(part: string, range: ImageRange, split: Split): Split {
  const { first, count } = range;
  if (!(Number.isInteger(first) && first >= 0 && Number.isInteger(count) && count >= 1 && first + count <= split.count)) {
    throw invalidRequest(`watch: the ${part} needs whole numbers first ≥ 0 and count ≥ 1 within the ${range.dataset} ${range.split} split's ${split.count} images, got first ${first} and count ${count}`);
  }
  return split;
}

/** The range's images as a [count, 28, 28, 1] tensor in [0, 1]. */
function imagesOf(split: Split, { first, count }: ImageRange): tf.Tensor4D {
  const { x, labels } = batchTensor(split, Array.from({ length: count }, (_, i) => first + i));
  labels.dispose();
  return x;
}

async function partOrNull<T>(take: () => Promise<T>): Promise<T | null> {
  try {
    return await take();
  } catch {
    // Not this part of this model any more: the widget keeps its last picture of it.
    return null;
  }
}
