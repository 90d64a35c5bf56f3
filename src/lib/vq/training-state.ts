import type * as tf from './tf.ts';
import type { Adam } from './adam.ts';
import type { CheckpointParts } from './checkpoint.ts';
import { CheckpointError } from './checkpoint-error.ts';

/** A tensor a checkpoint holds for the training state, as a loading model expects it. */
export type StateSlot = {
  name: string;
  shape: number[];
  /** A rule the saved values must keep beyond being finite (Adam's v ≥ 0, a whole step count): why a value breaks it, or null. */
  check?: (value: number) => string | null;
};

/** Counters a checkpoint keeps in its metadata (JSON): step counts, idle runs, a random stream's position. */
export type Counters = Record<string, unknown>;

/** What a loaded model got from its checkpoint: its training state too ('full'), or only its weights ('weights'). */
export type LoadedState = 'full' | 'weights';

/**
 * What a model keeps of its training beside its weights: Adam's moments and step, the EMA codebook's
 * running counts and sums, how long each code has gone unchosen, where a random stream stands. A
 * checkpoint that holds it resumes training exactly where it stopped; one without it restarts them.
 */
export interface TrainingState {
  /** The state's tensors, float32, by name (`optimizer/m/…`, `ema/…`). Called inside tf.tidy: new tensors may be made freely. */
  tensors(): { name: string; tensor: tf.Tensor }[];
  /** The counters kept on the CPU, as JSON, taken at the same moment as `tensors`. */
  counters(): Counters;
  /** The tensors a checkpoint of this model must hold, by name and shape. */
  slots(): StateSlot[];
  /**
   * Checks saved counters, throwing a CheckpointError that names the one that is wrong, and returns
   * what writes them in together with the tensors (already checked against `slots`, by name).
   */
  prepare(counters: Counters): (tensors: Record<string, tf.Tensor>) => void;
}

/** A state with nothing in it: a part of a model that keeps nothing beyond its weights. */
export const noState: TrainingState = { tensors: () => [], counters: () => ({}), slots: () => [], prepare: () => () => {} };

/**
 * Several parts' states as one: tensors side by side (their names are already distinct), counters
 * under each part's key, so `{ optimizer, deadCodes }` saves `{ optimizer: {…}, deadCodes: {…} }`.
 */
export function combineStates(parts: Record<string, TrainingState | undefined>): TrainingState {
  const entries = Object.entries(parts).filter((entry): entry is [string, TrainingState] => entry[1] !== undefined);
  return {
    tensors: () => entries.flatMap(([, part]) => part.tensors()),
    counters: () => Object.fromEntries(entries.map(([key, part]) => [key, part.counters()])),
    slots: () => entries.flatMap(([, part]) => part.slots()),
    prepare: (counters) => {
      const writes = entries.map(([key, part]) => {
        const saved = counters[key];
        if (typeof saved !== 'object' || saved === null || Array.isArray(saved)) throw stateError(key, 'an object', saved);
        return part.prepare(saved as Counters);
      });
      return (tensors) => writes.forEach((write) => write(tensors));
    },
  };
}

/** Variables saved as they are under their names (EMA's counts and sums), written back by assign. */
export function variablesState(variables: { name: string; variable: tf.Variable; check?: StateSlot['check'] }[]): TrainingState {
  return {
    tensors: () => variables.map(({ name, variable }) => ({ name, tensor: variable })),
    counters: () => ({}),
    slots: () => variables.map(({ name, variable, check }) => ({ name, shape: variable.shape, check })),
    prepare: () => (tensors) => variables.forEach(({ name, variable }) => variable.assign(tensors[name]!)),
  };
}

/** Counters only, no tensors: `read` gives them for a save, `restore` checks saved ones and returns what writes them. */
export function countersState(read: () => Counters, restore: (saved: Counters) => () => void): TrainingState {
  return { tensors: () => [], counters: read, slots: () => [], prepare: (saved) => restore(saved) };
}

/** The error for a saved counter or rule that does not hold: it names the field and what it must be. */
export function stateError(field: string, rule: string, value: unknown): CheckpointError {
  const shown = Array.isArray(value) ? `${value.length} values` : typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return new CheckpointError(`The checkpoint's training state is invalid: ${field} must be ${rule}, got ${shown}`);
}

/** A saved whole number in [0, max]; throws a CheckpointError naming `field` otherwise. */
export function savedWhole(saved: Counters, field: string, key: string, max = Number.MAX_SAFE_INTEGER): number {
  const value = saved[key];
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max)) throw stateError(field, `a whole number from 0 to ${max}`, value);
  return value;
}

/** A saved list of `length` whole numbers ≥ 0; throws a CheckpointError naming `field` otherwise. */
export function savedWholeList(saved: Counters, field: string, key: string, length: number): number[] {
  const value = saved[key];
  const ok = Array.isArray(value) && value.length === length && value.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0);
  if (!ok) throw stateError(field, `a list of ${length} whole numbers ≥ 0`, value);
  return value as number[];
}

/** A saved true or false; throws a CheckpointError naming `field` otherwise. */
export function savedFlag(saved: Counters, field: string, key: string): boolean {
  const value = saved[key];
  if (typeof value !== 'boolean') throw stateError(field, 'true or false', value);
  return value;
}

/** A slot rule: values ≥ 0 (a second moment, a running count). */
export const nonNegative = (value: number): string | null => (value >= 0 ? null : 'it must be ≥ 0');

/** A slot rule: a whole number ≥ 0 (a step count kept on the device as float32). */
export const wholeCount = (value: number): string | null => (Number.isInteger(value) && value >= 0 ? null : 'it must be a whole number ≥ 0');

/** One true-or-false counter under `key` of `holder` (whether k-means++ has set the codes); `field` names it in a refusal. */
export function flagState<K extends string>(holder: Record<K, boolean>, key: K, field: string): TrainingState {
  return countersState(
    () => ({ [key]: holder[key] }),
    (saved) => {
      const value = savedFlag(saved, field, key);
      return () => void (holder[key] = value);
    },
  );
}

/**
 * The checkpoint parts of a model whose training state is its optimiser's (Adam's moments and step
 * for `trainable`), with `more` beside it; `loaded` is told the saved step and what the checkpoint held.
 */
export function optimizerCheckpoint(
  progress: { step: number; weights: { name: string; variable: tf.Variable }[]; optimizer: Adam; trainable: tf.Variable[] },
  loaded: CheckpointParts['loaded'],
  more: Record<string, TrainingState> = {},
): CheckpointParts {
  const { step, weights, optimizer, trainable } = progress;
  return { step, weights, state: combineStates({ optimizer: optimizer.trainingState(trainable, weights), ...more }), loaded };
}
