import * as tf from '@tensorflow/tfjs-core';
import type { Entry, Registry } from './registry.ts';

/**
 * How often, at most, a training model's or prior's state is copied into memory while it trains: the
 * steps since the last copy are what a lost GPU takes with it.
 */
export const COPY_EVERY_MS = 1000;

/** A model's or prior's state as its checkpoint holds it (weights, and whatever else `save` writes), in memory, with its step. */
export type StateCopy = { artifacts: tf.io.ModelArtifacts; step: number; takenAt: number };

/** What a copy is taken of: anything that saves itself through a tf.io handler and counts its steps. */
type Copyable = { readonly step: number; save(destination: tf.io.IOHandler): Promise<unknown> };

/** Whether `name` is due a copy: it has none, its copy is older than COPY_EVERY_MS, or a change made it stale. */
export function copyDue(registry: Registry, name: string, now = performance.now()): boolean {
  const entry = registry.entry(name);
  if (!entry) return false;
  return !entry.copy || entry.copyStale === true || now - entry.copy.takenAt >= COPY_EVERY_MS;
}

/**
 * Copies the state of what `name` holds into memory and keeps it as its last good state. Run it in
 * the model queue, with every queued step's metrics read (a job drains first), so the copy's step is
 * its weights' step. The reads are asynchronous, never a blocking GPU read, but awaited: the next step
 * replaces the variables being read, and tfjs-backend-webgpu forgets a freed tensor even while a read of
 * it is in flight, which then fails. A copy that fails (the device went first) leaves the last one.
 * Each copy is in the Worker's performance timeline as `vq-state copy: <name>`, its step in `detail`.
 */
export async function keepCopy(registry: Registry, name: string, kind: Entry['kind']): Promise<void> {
  const value = registry.find(name, kind) as Copyable | undefined;
  if (!value) return;
  const began = performance.now();
  const step = value.step;
  const held: { artifacts?: tf.io.ModelArtifacts } = {};
  try {
    await value.save(
      tf.io.withSaveHandler(async (artifacts) => {
        held.artifacts = artifacts;
        return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
      }),
    );
  } catch {
    return;
  }
  const { artifacts } = held;
  if (!artifacts) return;
  registry.keepCopy(name, value as Entry['value'], { artifacts, step, takenAt: began });
  // One entry a name, the latest: a page that trains for hours keeps no growing list.
  const label = `vq-state copy: ${name}`;
  performance.clearMeasures(label);
  performance.measure(label, { start: began, detail: { step, bytes: tf.io.getModelArtifactsInfoForJSON(artifacts).weightDataBytes } });
}

/**
 * During training, after a step: copies `name`'s state when a copy is due, reading every queued step's
 * metrics first (`drain`) so the copy's step matches its weights.
 */
export async function keepCopyIfDue(registry: Registry, name: string, kind: Entry['kind'], drain: () => Promise<void>): Promise<void> {
  if (!copyDue(registry, name)) return;
  await drain();
  await keepCopy(registry, name, kind);
}
