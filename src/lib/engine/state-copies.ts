import * as tf from '@tensorflow/tfjs-core';
import type { Entry, Registry } from './registry.ts';

/**
 * How often, at most, a training model's or prior's state is copied into memory while it trains: the
 * steps since the last copy are what a lost GPU takes with it.
 */
export const COPY_EVERY_MS = 1000;

/** A model's or prior's state as its checkpoint holds it (weights and training state), in memory, with its step. */
export type StateCopy = { artifacts: tf.io.ModelArtifacts; step: number; takenAt: number };

/** What a copy is taken of: anything that saves itself through a tf.io handler and counts its steps. */
type Copyable = { readonly step: number; save(destination: tf.io.IOHandler): Promise<unknown> };

/** The models and priors whose copy is being read back now, with its end: one at a time each. */
const copying = new WeakMap<object, Promise<void>>();

/**
 * Whether `name` is due a copy: it has none, its copy is older than COPY_EVERY_MS, or it changed since
 * (a new hyperparameter, at `changedAt`). Not while a copy of it is still being read back.
 */
export function copyDue(registry: Registry, name: string, now = performance.now()): boolean {
  const entry = registry.entry(name);
  if (!entry || copying.has(entry.value)) return false;
  const { copy, changedAt = -Infinity } = entry;
  return !copy || copy.takenAt <= changedAt || now - copy.takenAt >= COPY_EVERY_MS;
}

/**
 * Copies the state of what `name` holds into memory, through its own `save`, and keeps it as its last
 * good state once read back; resolves then. Start it in the model queue between steps, with every
 * queued step's metrics read (a job drains first), so the copy's step is its weights' step: `save`
 * then copies everything on the device at once, before the next step can change it, and reads it back
 * in one transfer while training goes on, so nobody need wait for it. A copy that fails (the device
 * went first) leaves the last one. Each copy is in the Worker's performance timeline as
 * `vq-state copy: <name>`, from its start until it was kept, with its step and bytes in `detail`.
 */
export async function keepCopy(registry: Registry, name: string, kind: Entry['kind']): Promise<void> {
  const value = registry.find(name, kind) as (Copyable & Entry['value']) | undefined;
  if (!value) return;
  const before = copying.get(value);
  if (before) {
    // A copy still on its way began before whatever the caller changed: this one follows it.
    await before;
    if (registry.find(name, kind) !== value) return;
  }
  let done!: () => void;
  copying.set(value, new Promise<void>((resolve) => (done = resolve)));
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
  } finally {
    copying.delete(value);
    done();
  }
  const { artifacts } = held;
  if (!artifacts) return;
  registry.keepCopy(name, value, { artifacts, step, takenAt: began });
  // One entry a name, the latest: a page that trains for hours keeps no growing list.
  const label = `vq-state copy: ${name}`;
  performance.clearMeasures(label);
  performance.measure(label, { start: began, detail: { step, bytes: tf.io.getModelArtifactsInfoForJSON(artifacts).weightDataBytes } });
}

/**
 * During training, after a step: when `name` is due a copy, reads every queued step's metrics
 * (`drain`, so the copy's step matches its weights) and starts one, without waiting for it.
 */
export async function keepCopyIfDue(registry: Registry, name: string, kind: Entry['kind'], drain: () => Promise<void>): Promise<void> {
  if (!copyDue(registry, name)) return;
  await drain();
  void keepCopy(registry, name, kind);
}
