/**
 * The training lab's controls as reactive state: what they say, what the model on screen was built
 * with, whether the difference needs a new model, the number boxes' drafts with the last refusal,
 * and the page's address, which keeps the settings so that a link reproduces the lab. It knows
 * nothing of the engine: a live change goes to `onLive`, and the widget builds models when asked.
 * The rules themselves (ranges, links, which changes need a new model) are in lab-settings.ts.
 */
import type { Lang } from '../content/chapter-schema.ts';
import type { DatasetName } from '../data/manifest.ts';
import type { ResolvedVQVAEConfig } from '@vq-vae-live/vq';
import type { LiveHyperparameters } from '@vq-vae-live/vq';
import {
  checkSetting,
  defaultSettings,
  needsNewModel,
  queryFromSettings,
  settingsFromConfig,
  settingsFromQuery,
  URL_KEYS,
  type LabSettings,
} from './lab-settings.ts';

/** The parts of an address the lab reads and writes (a `Location` or a `URL` has them). */
export type AddressParts = { pathname: string; search: string; hash: string };

/** Where the lab keeps its settings; none for an embed, which leaves its host page's address alone. */
export interface LabAddress {
  /** The address now. */
  current(): AddressParts;
  /** Puts another address in its place, adding no entry to the back button's history. */
  replace(address: string): void;
}

/** The page's own address bar. */
export const pageAddress: LabAddress = {
  current: () => location,
  replace: (address) => window.history.replaceState(window.history.state, '', address),
};

/**
 * The address with the lab's settings in its query: its other parameters (such as ?backend) and its
 * fragment stay, and a setting at its preset's default is left out, so the plain page keeps a plain address.
 */
export function linkedAddress(address: AddressParts, settings: LabSettings): string {
  const query = new URLSearchParams(address.search);
  for (const key of Object.values(URL_KEYS)) query.delete(key);
  for (const [key, value] of new URLSearchParams(queryFromSettings(settings))) query.set(key, value);
  const text = query.toString();
  return `${address.pathname}${text ? `?${text}` : ''}${address.hash}`;
}

/** The settings a live model takes between steps, without being rebuilt. */
export function liveSettings(settings: LabSettings): LiveHyperparameters {
  return { beta: settings.beta, learningRate: settings.learningRate, emaDecay: settings.emaDecay, deadCodeRestart: settings.deadCodeRestart };
}

/** What a lab controller needs from its widget. */
export interface LabControllerOptions {
  /** The page's language, read each time a refusal is written. */
  lang: () => Lang;
  /** Where the settings are kept, or null to keep them nowhere; asked each time they change. */
  address: () => LabAddress | null;
  /** Sends live settings to the model on screen; the controller has already applied them. */
  onLive: (changes: LiveHyperparameters) => unknown;
}

/**
 * The state behind the lab's controls. A live setting (β, learning rate, EMA decay, restarts) is
 * applied at once; K, D, the codebook update, the dataset and the network wait in `settings` until
 * the widget builds the model they describe and calls `markApplied`.
 */
export class LabController {
  /** What the controls say now. */
  settings = $state<LabSettings>(defaultSettings());
  /** What the current model was built with. */
  applied = $state<LabSettings>(defaultSettings());
  /**
   * The number boxes' drafts, which may differ from the settings until they are checked. Bound to
   * number inputs, they hold a number once typed in, and null for an empty box or one whose text is no number.
   */
  betaText = $state<string | number | null>('0.25');
  kText = $state<string | number | null>('64');
  dText = $state<string | number | null>('8');
  decayText = $state<string | number | null>('0.99');
  /** Why the last number typed was refused, in the page's language. */
  inputProblem = $state<string | null>(null);
  /** Why values in the link the lab opened from were ignored. */
  linkProblems = $state<string[]>([]);
  /** The controls describe another model than the one on screen: "Apply" must build it first. */
  readonly pending = $derived(needsNewModel(this.applied, this.settings) || this.applied.dataset !== this.settings.dataset);

  readonly #options: LabControllerOptions;

  constructor(options: LabControllerOptions) {
    this.#options = options;
  }

  /** Takes the settings from a link's query, noting each value that was ignored and why. */
  readLink(search: string): void {
    const { settings, ignored } = settingsFromQuery(search, this.#options.lang());
    this.linkProblems = ignored;
    this.settings = settings;
    this.#syncTexts();
  }

  /** The model on screen now has the settings the controls show. */
  markApplied(): void {
    this.applied = { ...this.settings };
    this.writeLink();
  }

  /** Takes the settings of a model opened from a checkpoint, so the controls describe it. */
  adopt(config: ResolvedVQVAEConfig): void {
    const adopted = { ...this.settings, ...settingsFromConfig(config) };
    this.applied = adopted;
    this.settings = { ...adopted };
    this.#syncTexts();
    this.writeLink();
  }

  /** Applies a live setting at once, to the controls, the model's settings, the address and the model. */
  async setLive(change: Partial<LabSettings>): Promise<void> {
    this.inputProblem = null;
    this.settings = { ...this.settings, ...change };
    this.applied = { ...this.applied, ...change };
    this.writeLink();
    await this.#options.onLive(liveSettings(this.settings));
  }

  /** β from the slider or its number box; a value out of range is refused with a reason and the box reset. */
  setBeta(text: string | number | null): void {
    const checked = checkSetting('beta', text, this.#options.lang());
    if ('problem' in checked) {
      this.inputProblem = checked.problem;
      this.betaText = String(this.settings.beta);
      return;
    }
    this.betaText = String(checked.value);
    void this.setLive({ beta: checked.value });
  }

  /** The EMA decay from its number box, refused like β when out of range. */
  setDecay(): void {
    const checked = checkSetting('emaDecay', this.decayText, this.#options.lang());
    if ('problem' in checked) {
      this.inputProblem = checked.problem;
      this.decayText = String(this.settings.emaDecay);
      return;
    }
    void this.setLive({ emaDecay: checked.value });
  }

  /** K or D from a number box: kept in the controls until "Apply" builds the new model. */
  setShape(setting: 'codebookSize' | 'codeDim', text: string | number | null): void {
    const checked = checkSetting(setting, text, this.#options.lang());
    if ('problem' in checked) {
      this.inputProblem = checked.problem;
      this.#syncTexts();
      return;
    }
    this.inputProblem = null;
    this.settings = { ...this.settings, [setting]: checked.value };
  }

  /** Another network: its own defaults for K, D and the learning rate, keeping what the reader chose for the rest. */
  setPreset(preset: 'tiny' | 'r1'): void {
    const { beta, deadCodeRestart, codebookUpdate, emaDecay } = this.settings;
    this.settings = { ...defaultSettings(preset, this.settings.dataset), beta, deadCodeRestart, codebookUpdate, emaDecay };
    this.#syncTexts();
  }

  /** A choice that waits for "Apply": the codebook update or the dataset. */
  choose(change: { codebookUpdate: 'loss' | 'ema' } | { dataset: DatasetName }): void {
    this.settings = { ...this.settings, ...change };
  }

  /** Keeps the settings in the address, when the lab has one. */
  writeLink(): void {
    const address = this.#options.address();
    if (address) address.replace(linkedAddress(address.current(), this.settings));
  }

  #syncTexts(): void {
    this.betaText = String(this.settings.beta);
    this.kText = String(this.settings.codebookSize);
    this.dText = String(this.settings.codeDim);
    this.decayText = String(this.settings.emaDecay);
  }
}
