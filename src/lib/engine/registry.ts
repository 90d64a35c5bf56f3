import type { PixelCNNPrior, PixelCNNPriorConfig } from '@vq-vae-live/vq';
import { invalidRequest, notFound } from './engine-error.ts';
import type { HostedModel } from './hosted-model.ts';
import type { ConfigOf, ModelKind } from './protocol.ts';
import type { StateCopy } from './state-copies.ts';

/** How a model was last built, so it can be built again on another backend after a GPU loss. */
export type ModelOrigin = { kind: ModelKind; config: ConfigOf<ModelKind>; checkpoint?: string };

/** How a prior was last built. */
export type PriorOrigin = { config: PixelCNNPriorConfig; checkpoint?: string };

/**
 * What a name holds: a model of one of the three kinds, or a prior, with its origin and, once taken,
 * the last copy of its state in memory (what a GPU loss rebuilds it from; see state-copies.ts).
 */
export type Entry = ({ kind: 'model'; value: HostedModel; origin: ModelOrigin } | { kind: 'prior'; value: PixelCNNPrior; origin: PriorOrigin }) & {
  copy?: StateCopy;
  /** When the value last changed in a way a copy taken before lacks (a new hyperparameter): the next copy is due at once. */
  changedAt?: number;
};

/** What each entry kind holds. */
type ValueOf<T extends Entry['kind']> = Extract<Entry, { kind: T }>['value'];

/**
 * The page's models and priors, in one namespace of names, each tagged with its kind. A name holds
 * one thing: putting a prior where a model was replaces the model, and the other way round.
 */
export class Registry {
  readonly #entries = new Map<string, Entry>();

  /** The model named `name`; a missing name, or a prior's, is refused with the reason. */
  model(name: string): HostedModel {
    return this.#get(name, 'model');
  }

  /** The prior named `name`; a missing name, or a model's, is refused with the reason. */
  prior(name: string): PixelCNNPrior {
    return this.#get(name, 'prior');
  }

  /** What `name` holds if it is of kind `kind`, else undefined (for a step that may find its model gone). */
  find<T extends Entry['kind']>(name: string, kind: T): ValueOf<T> | undefined {
    const entry = this.#entries.get(name);
    return (entry?.kind === kind ? entry.value : undefined) as ValueOf<T> | undefined;
  }

  /** The kind of what `name` holds, if anything. */
  kindOf(name: string): Entry['kind'] | undefined {
    return this.#entries.get(name)?.kind;
  }

  /**
   * Puts `entry` under `name` and frees what was there (after the swap, so nothing sees a freed
   * model). Returns the kind it replaced, so the caller can end a training job of the other kind.
   */
  put(name: string, entry: Entry): Entry['kind'] | undefined {
    const previous = this.#entries.get(name);
    this.#entries.set(name, entry);
    previous?.value.dispose();
    return previous?.kind;
  }

  /** Records a new origin for what `name` holds (a model loaded from a file has no URL to reload). */
  setOrigin(name: string, origin: Entry['origin']): void {
    const entry = this.#entries.get(name);
    if (entry) entry.origin = origin as never;
  }

  /** Frees and forgets `name` if it holds something of kind `kind`; returns whether it did. */
  remove(name: string, kind: Entry['kind']): boolean {
    const entry = this.#entries.get(name);
    if (entry?.kind !== kind) return false;
    this.#entries.delete(name);
    entry.value.dispose();
    return true;
  }

  /** The entry under `name`, if any: its value, origin and copy. */
  entry(name: string): Entry | undefined {
    return this.#entries.get(name);
  }

  /** Keeps `copy` as the last good state of `name`, if `name` still holds `value` (the copy is of it). */
  keepCopy(name: string, value: Entry['value'], copy: StateCopy): void {
    const entry = this.#entries.get(name);
    if (!entry || entry.value !== value) return;
    entry.copy = copy;
  }

  /** Every name and what it holds, priors first (a rebuild then has its VQ-VAEs last, as before). */
  entries(): [string, Entry][] {
    const all = [...this.#entries];
    return [...all.filter(([, e]) => e.kind === 'prior'), ...all.filter(([, e]) => e.kind === 'model')];
  }

  /**
   * Swaps in a value rebuilt after its backend was lost, keeping the origin and the copy (the rebuilt
   * value is in the state the copy holds), and frees what can still be freed of the old one: its
   * memory may have gone with the device.
   */
  replaceLost(name: string, value: HostedModel | PixelCNNPrior): void {
    const entry = this.#entries.get(name);
    if (!entry) return;
    const lost = entry.value;
    entry.value = value as never;
    try {
      lost.dispose();
    } catch {
      // Its memory went with the device.
    }
  }

  #get<T extends Entry['kind']>(name: string, kind: T): ValueOf<T> {
    const entry = this.#entries.get(name);
    if (!entry) throw notFound(kind, name);
    if (entry.kind !== kind) throw invalidRequest(`"${name}" is a ${entry.kind}, not a ${kind}`);
    return entry.value as ValueOf<T>;
  }
}
