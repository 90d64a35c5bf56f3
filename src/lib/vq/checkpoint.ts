import * as tf from './tf.ts';
import { CheckpointError } from './checkpoint-error.ts';
import type { Counters, LoadedState, StateSlot, TrainingState } from './training-state.ts';
import { readSnapshot, snapshotWeights, type WeightSnapshot } from './weight-snapshot.ts';

export { CheckpointError } from './checkpoint-error.ts';

/** Where a checkpoint goes or comes from: a tf.io URL ('indexeddb://name', 'downloads://name', 'https://…/model.json') or a handler. */
export type CheckpointSource = string | tf.io.IOHandler;

/** The `format` field of our model.json files: it names the project, the model kind and the layout version. */
export function checkpointFormat(kind: string): string {
  return `vq-vae-explained-live/${kind}@1`;
}

/** What travels with the weights in model.json's userDefinedMetadata. */
export type CheckpointMetadata = {
  /** The model's full config, so a checkpoint rebuilds the same model. */
  config: Record<string, unknown>;
  /** Training steps taken when it was saved. */
  step: number;
  /**
   * The counters of the model's training state (see `TrainingState`), whose tensors are saved beside
   * the weights. Absent from older checkpoints, which hold weights only.
   */
  trainingState?: Counters;
};

/** One expected weight: its name in the manifest, its shape, and the variable it will be written to. */
export type ExpectedWeight = { name: string; variable: tf.Variable };

/** What a model gives its checkpoints: its step, its named weights, its training state, and what a load tells it. */
export type CheckpointParts = {
  step: number;
  weights: ExpectedWeight[];
  state: TrainingState;
  /** Called once a load has written everything, with the saved step and whether the training state came with it. */
  loaded(step: number, state: LoadedState): void;
};

function handlerFor(source: CheckpointSource, direction: 'save' | 'load'): tf.io.IOHandler {
  if (typeof source !== 'string') return source;
  const handlers = direction === 'save' ? tf.io.getSaveHandlers(source) : tf.io.getLoadHandlers(source);
  if (handlers.length === 0) throw new CheckpointError(`No way to ${direction} a checkpoint at "${source}" here (known: indexeddb://, downloads://, http(s):// in a browser)`);
  return handlers[0];
}

/**
 * Saves named weights with their metadata in TF.js's weights-manifest format (model.json plus one
 * binary shard) through tf.io, so any tf.io destination works: a download, IndexedDB, an HTTP endpoint.
 */
export async function saveCheckpoint(
  source: CheckpointSource,
  kind: string,
  metadata: CheckpointMetadata,
  weights: { name: string; tensor: tf.Tensor }[],
): Promise<tf.io.SaveResult> {
  return writeSnapshot(saveHandlerFor(source), kind, metadata, snapshotWeights(() => weights));
}

/** A tf.io handler that can save. */
type SaveHandler = tf.io.IOHandler & Required<Pick<tf.io.IOHandler, 'save'>>;

function saveHandlerFor(source: CheckpointSource): SaveHandler {
  const handler = handlerFor(source, 'save');
  if (!handler.save) throw new CheckpointError('This checkpoint destination cannot save');
  return handler as SaveHandler;
}

/** Reads a snapshot back and hands it, as model.json's artifacts, to `handler`. */
async function writeSnapshot(handler: SaveHandler, kind: string, metadata: CheckpointMetadata, snapshot: WeightSnapshot): Promise<tf.io.SaveResult> {
  const { data, specs } = await readSnapshot(snapshot);
  return handler.save({
    format: checkpointFormat(kind),
    generatedBy: 'vq-vae-explained-live',
    // tf.io's HTTP loader needs a topology or a manifest; ours is the layer list inside the config.
    modelTopology: { kind },
    weightSpecs: specs,
    weightData: data,
    userDefinedMetadata: metadata,
  });
}

/**
 * The model.json of saved artifacts whose weights sit in one shard file, laid out as tf.io's own
 * downloads are, so tf.io's HTTP and file loaders read it back.
 */
export function modelJsonFor(artifacts: tf.io.ModelArtifacts, shardName: string): tf.io.ModelJSON {
  if (artifacts.weightSpecs === undefined) throw new CheckpointError('The checkpoint has no weight specs');
  return {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology as object,
    weightsManifest: [{ paths: [`./${shardName}`], weights: artifacts.weightSpecs }],
    userDefinedMetadata: artifacts.userDefinedMetadata,
  };
}

/**
 * Builds a model from a checkpoint: checks the format, resolves the config with the model's own
 * validation, builds the model, checks every weight and, when the checkpoint has them, the training
 * state's tensors and counters, and writes them only after every check has passed. On any failure the
 * half-built model is disposed and a CheckpointError says why. A checkpoint without training state
 * (an older one) loads its weights, and the model is told so (`loaded(step, 'weights')`).
 */
export async function restoreModel<Config, Model extends { dispose(): void }>(
  source: CheckpointSource,
  kind: string,
  resolve: (config: unknown) => Config,
  create: (config: Config) => Model,
  partsOf: (model: Model) => CheckpointParts,
): Promise<Model> {
  const { metadata, artifacts } = await loadCheckpoint(source, kind);
  let config: Config;
  try {
    config = resolve(metadata.config);
  } catch (error) {
    throw new CheckpointError(`The checkpoint's config is invalid: ${(error as Error).message}`);
  }
  const model = create(config);
  try {
    const { weights, state, loaded } = partsOf(model);
    const write = metadata.trainingState === undefined ? null : state.prepare(metadata.trainingState);
    const slots = [...weights.map(({ name, variable }) => ({ name, shape: variable.shape, dtype: variable.dtype })), ...(write ? state.slots().map((slot) => ({ ...slot, dtype: 'float32' as const })) : [])];
    const decoded = checkedTensors(artifacts, slots);
    try {
      tf.tidy(() => {
        for (const { name, variable } of weights) variable.assign(decoded[name]!);
        write?.(decoded);
      });
    } finally {
      tf.dispose(Object.values(decoded));
    }
    loaded(metadata.step, write ? 'full' : 'weights');
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/**
 * Saves a model's weights and training state with its config and step (see `saveCheckpoint`). All of
 * it is captured when this is called, before anything is read back, so training may go on meanwhile.
 */
export async function saveModel(destination: CheckpointSource, kind: string, config: object, parts: Omit<CheckpointParts, 'loaded'>): Promise<tf.io.SaveResult> {
  const handler = saveHandlerFor(destination);
  const snapshot = snapshotWeights(() => [...parts.weights.map(({ name, variable }) => ({ name, tensor: variable as tf.Tensor })), ...parts.state.tensors()]);
  return writeSnapshot(handler, kind, { config: { ...config }, step: parts.step, trainingState: parts.state.counters() }, snapshot);
}

async function readArtifacts(source: CheckpointSource): Promise<tf.io.ModelArtifacts> {
  const handler = handlerFor(source, 'load');
  if (!handler.load) throw new CheckpointError('This checkpoint source cannot load');
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load();
  } catch (error) {
    throw new CheckpointError(`Could not read the checkpoint: ${(error as Error).message}`);
  }
  return artifacts;
}

/**
 * Reads a checkpoint's artifacts once and says which kind of model it holds, from its format, so a
 * caller that accepts several kinds can pick the class to load it with (`Class.load(tf.io.fromMemory(artifacts))`).
 */
export async function readCheckpoint(source: CheckpointSource): Promise<{ kind: string; artifacts: tf.io.ModelArtifacts }> {
  const artifacts = await readArtifacts(source);
  const match = /^vq-vae-explained-live\/([a-z0-9-]+)@1$/.exec(artifacts.format ?? '');
  if (!match) throw new CheckpointError(`Not a checkpoint of this project: its format is ${JSON.stringify(artifacts.format ?? null)}, expected "${checkpointFormat('<kind>')}"`);
  return { kind: match[1], artifacts };
}

/** Reads a checkpoint's artifacts and checks that it is ours and of this kind. The weights are not yet checked. */
export async function loadCheckpoint(source: CheckpointSource, kind: string): Promise<{ metadata: CheckpointMetadata; artifacts: tf.io.ModelArtifacts }> {
  const artifacts = await readArtifacts(source);
  const expected = checkpointFormat(kind);
  if (artifacts.format !== expected) {
    throw new CheckpointError(`Not a ${kind} checkpoint: its format is ${JSON.stringify(artifacts.format ?? null)}, expected "${expected}"`);
  }
  const metadata = artifacts.userDefinedMetadata as Partial<CheckpointMetadata> | undefined;
  if (!metadata || typeof metadata.config !== 'object' || metadata.config === null) throw new CheckpointError('The checkpoint has no config');
  if (!(Number.isInteger(metadata.step) && (metadata.step as number) >= 0)) throw new CheckpointError(`The checkpoint's step must be a whole number ≥ 0, got ${String(metadata.step)}`);
  const state = metadata.trainingState;
  if (state !== undefined && (typeof state !== 'object' || state === null || Array.isArray(state))) throw new CheckpointError(`The checkpoint's training state must be an object, got ${JSON.stringify(state)}`);
  return { metadata: metadata as CheckpointMetadata, artifacts };
}

function weightBytes(spec: tf.io.WeightsManifestEntry): number {
  const bytesPerElement = spec.dtype === 'int32' || spec.dtype === 'float32' ? 4 : spec.dtype === 'bool' ? 1 : NaN;
  if (spec.quantization || Number.isNaN(bytesPerElement)) throw new CheckpointError(`Weight "${spec.name}" has an unsupported encoding (${spec.dtype}${spec.quantization ? ', quantised' : ''})`);
  return spec.shape.reduce((a, b) => a * b, 1) * bytesPerElement;
}

/**
 * Checks every weight a model expects against the checkpoint, by name, shape, dtype, byte count and
 * finiteness, and only then writes them all into the variables. Throws a CheckpointError before any
 * write if one check fails, so the model is either fully loaded or untouched.
 */
export function assignCheckpointWeights(artifacts: tf.io.ModelArtifacts, expected: ExpectedWeight[]): void {
  const decoded = checkedTensors(artifacts, expected.map(({ name, variable }) => ({ name, shape: variable.shape, dtype: variable.dtype })));
  try {
    for (const { name, variable } of expected) variable.assign(decoded[name]!);
  } finally {
    tf.dispose(Object.values(decoded));
  }
}

/**
 * The checkpoint's tensors, decoded, once every slot has passed its checks: present, of its dtype and
 * shape, nothing extra, the right byte count, finite, and within the slot's own rule. Throws a
 * CheckpointError naming the first problem before anything is decoded. The caller frees the tensors.
 */
function checkedTensors(artifacts: tf.io.ModelArtifacts, expected: (StateSlot & { dtype: tf.DataType })[]): Record<string, tf.Tensor> {
  const specs = artifacts.weightSpecs ?? [];
  const data = artifacts.weightData;
  if (data === undefined) throw new CheckpointError('The checkpoint has no weight data');
  const buffer = tf.io.CompositeArrayBuffer.join(data);
  const needed = specs.reduce((sum, spec) => sum + weightBytes(spec), 0);
  if (buffer.byteLength !== needed) {
    throw new CheckpointError(`The weight file has ${buffer.byteLength} bytes but the manifest describes ${needed}: it is truncated or belongs to another checkpoint`);
  }
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  for (const { name, shape, dtype } of expected) {
    const spec = byName.get(name);
    if (!spec) throw new CheckpointError(`The checkpoint has no weight "${name}"`);
    if (spec.dtype !== dtype) throw new CheckpointError(`Weight "${name}" is ${spec.dtype}, expected ${dtype}`);
    if (spec.shape.join() !== shape.join()) throw new CheckpointError(`Weight "${name}" has shape [${spec.shape}], expected [${shape}]`);
  }
  const extra = specs.map((s) => s.name).filter((name) => !expected.some((e) => e.name === name));
  if (extra.length > 0) throw new CheckpointError(`The checkpoint has weights this model does not: ${extra.join(', ')}`);

  // Checked in the bytes themselves, before any tensor exists: no read from a device.
  const offsets = new Map<string, number>();
  specs.reduce((offset, spec) => (offsets.set(spec.name, offset), offset + weightBytes(spec)), 0);
  for (const { name, check } of expected) {
    const spec = byName.get(name)!;
    if (spec.dtype !== 'float32') continue;
    const start = offsets.get(name)!;
    const values = new Float32Array(buffer.slice(start, start + weightBytes(spec)));
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) throw new CheckpointError(`Weight "${name}" holds ${values[i]} at element ${i}`);
      const broken = check?.(values[i]!);
      if (broken) throw new CheckpointError(`Weight "${name}" holds ${values[i]} at element ${i}: ${broken}`);
    }
  }
  return tf.io.decodeWeights(buffer, specs);
}
