import type { PriorMetrics, SampleStep } from '@vq-vae-live/vq';
import type { EngineEvent, Snapshot } from './protocol.ts';

/** The listeners of each kind of event the Worker sends about a named model or prior. */
type Channels = {
  metrics: (history: unknown[], latest: unknown) => void;
  snapshot: (snapshot: Snapshot) => void;
  priorMetrics: (history: PriorMetrics[]) => void;
  sampleStep: (step: SampleStep) => void;
  /** A model or prior rebuilt after a GPU loss, at this step. */
  restored: (step: number) => void;
};

/** The page's listeners to the Worker's unasked messages, by channel and name. */
export class EngineListeners {
  readonly #listeners = new Map<keyof Channels, Map<string, Set<(...values: never[]) => void>>>();

  /** Adds a listener to a name's events of one channel; returns the function that removes it. */
  add<C extends keyof Channels>(channel: C, name: string, listener: Channels[C]): () => void {
    let byName = this.#listeners.get(channel);
    if (!byName) this.#listeners.set(channel, (byName = new Map()));
    let set = byName.get(name);
    if (!set) byName.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Drops every listener of `name` on the given channels (its model or prior was freed). */
  forget(name: string, channels: (keyof Channels)[]): void {
    for (const channel of channels) this.#listeners.get(channel)?.delete(name);
  }

  /** Hands an event to the listeners of its channel and name. */
  dispatch(event: EngineEvent): void {
    if (event.type === 'metrics') this.#each('metrics', event.model, (l) => l(event.history, event.latest));
    else if (event.type === 'autoencoderMetrics') this.#each('metrics', event.model, (l) => l(event.history, event.history.at(-1)));
    else if (event.type === 'snapshot') this.#each('snapshot', event.model, (l) => l(event.snapshot));
    else if (event.type === 'priorMetrics') this.#each('priorMetrics', event.prior, (l) => l(event.history));
    else if (event.type === 'sampleStep') this.#each('sampleStep', event.prior, (l) => l(event.step));
    else if (event.type === 'restored') this.#each('restored', event.name, (l) => l(event.step));
  }

  #each<C extends keyof Channels>(channel: C, name: string, call: (listener: Channels[C]) => void): void {
    for (const listener of this.#listeners.get(channel)?.get(name) ?? []) call(listener as Channels[C]);
  }
}
