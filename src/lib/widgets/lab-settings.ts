/**
 * The training lab's settings: their ranges, their defaults per preset, and their form in a URL, so
 * that a link reproduces a lab. Everything a reader types or a link carries passes through here, and
 * a value out of range is refused with a sentence that says why, never passed on to the model. The
 * sentences are in the page's language (`lang`, English by default); each names the field and its range.
 */
import type { Lang } from '../content/chapter-schema.ts';
import type { DatasetName } from '../data/manifest.ts';
import { echoed } from '../i18n/echo.ts';
import { formatNumber } from '../i18n/format.ts';
import { widgetStrings } from '../i18n/widgets/index.ts';
import type { Preset, QuantisedVQVAEConfig, ResolvedVQVAEConfig } from '@vq-vae-live/vq';

/** What the lab's controls set. */
export type LabSettings = {
  preset: Preset;
  dataset: DatasetName;
  beta: number;
  learningRate: number;
  codebookSize: number;
  codeDim: number;
  codebookUpdate: 'loss' | 'ema';
  emaDecay: number;
  /** Restart codes idle this many steps, or never. */
  deadCodeRestart: number | false;
};

/** Patience of dead-code restarts when they are on: that of the pretrained checkpoints, so continuing one continues its run. */
export const RESTART_PATIENCE = 10;

/** The pretrained checkpoints the lab can open, under models/ (see `pretrainedFor`). */
export const LAB_CHECKPOINTS = ['vqvae-tiny-mnist', 'vqvae-tiny-fashion-mnist', 'vqvae-r1-mnist'] as const;

/** The learning rates the lab offers. */
export const LEARNING_RATES = [1e-4, 3e-4, 1e-3, 2e-3, 5e-3, 1e-2, 3e-2] as const;

/** Each numeric setting's range, and whether it must be whole. Their names are in the widget strings (trainingLab.refusals.names). */
export const RANGES = {
  beta: { min: 0, max: 5, whole: false },
  learningRate: { min: 1e-5, max: 0.1, whole: false },
  codebookSize: { min: 2, max: 512, whole: true },
  codeDim: { min: 1, max: 64, whole: true },
  emaDecay: { min: 0.5, max: 0.9999, whole: false },
} as const;

type NumericSetting = keyof typeof RANGES;

/**
 * The lab's starting settings for a preset: the config its pretrained checkpoint was trained with
 * (a unit test compares them with each checkpoint's model.json), so that pressing Train continues
 * that run rather than a different one.
 */
export function defaultSettings(preset: Preset = 'tiny', dataset: DatasetName = 'mnist'): LabSettings {
  const shape = preset === 'tiny' ? { codebookSize: 64, codeDim: 8, learningRate: 2e-3 } : { codebookSize: 128, codeDim: 16, learningRate: 1e-3 };
  return { preset, dataset, beta: 0.25, codebookUpdate: 'loss', emaDecay: 0.99, deadCodeRestart: RESTART_PATIENCE, ...shape };
}

/** A range's end as written in the language, with all its decimals (0.00001, 0.9999). */
function bound(lang: Lang, value: number): string {
  return formatNumber(lang, value, (String(value).split('.')[1] ?? '').length);
}

/**
 * A number the reader typed, checked against a setting's range: the value, or why it was refused, in `lang`.
 * A number box bound with bind:value holds null when it is empty or what was typed is no number ("--1"),
 * which is refused as nothing typed.
 */
export function checkSetting(setting: NumericSetting, text: string | number | null, lang: Lang = 'en'): { value: number } | { problem: string } {
  const { min, max, whole } = RANGES[setting];
  const refusals = widgetStrings(lang).trainingLab.refusals;
  const typed = text === null ? '' : String(text).trim();
  const value = typeof text === 'number' ? text : Number(typed);
  if (typed === '' || !Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
    const rule = whole ? refusals.wholeNumber : refusals.number;
    return { problem: rule(refusals.names[setting], bound(lang, min), bound(lang, max), echoed(typed) || refusals.nothing) };
  }
  return { value };
}

/** The settings that fix a model's shape or history: changing one needs a new model. */
export function needsNewModel(current: LabSettings, next: LabSettings): boolean {
  return current.preset !== next.preset || current.codebookSize !== next.codebookSize || current.codeDim !== next.codeDim || current.codebookUpdate !== next.codebookUpdate;
}

/** Whether a pretrained checkpoint exists for these settings, and its directory under models/. */
export function pretrainedFor(settings: LabSettings): string | null {
  const base = defaultSettings(settings.preset, settings.dataset);
  const available = settings.preset === 'tiny' || settings.dataset === 'mnist';
  if (!available || needsNewModel(base, settings)) return null;
  return `vqvae-${settings.preset}-${settings.dataset}`;
}

/** Each setting's key in a link's query. */
export const URL_KEYS: Record<keyof LabSettings, string> = {
  preset: 'preset',
  dataset: 'dataset',
  beta: 'beta',
  learningRate: 'lr',
  codebookSize: 'K',
  codeDim: 'D',
  codebookUpdate: 'update',
  emaDecay: 'decay',
  deadCodeRestart: 'restart',
};

/** The settings in a URL query, with a sentence in `lang` for each value that was ignored. */
export function settingsFromQuery(search: string, lang: Lang = 'en'): { settings: LabSettings; ignored: string[] } {
  const { oneOf: refuse, nothing } = widgetStrings(lang).trainingLab.refusals;
  const oneOf = (key: string, first: string, second: string, got: string) => refuse(key, first, second, echoed(got.trim()) || nothing);
  const query = new URLSearchParams(search);
  const ignored: string[] = [];
  const preset = query.get('preset') ?? 'tiny';
  const dataset = query.get('dataset') ?? 'mnist';
  if (preset !== 'tiny' && preset !== 'r1') ignored.push(oneOf('preset', 'tiny', 'r1', preset));
  if (dataset !== 'mnist' && dataset !== 'fashion-mnist') ignored.push(oneOf('dataset', 'mnist', 'fashion-mnist', dataset));
  const settings = defaultSettings(preset === 'r1' ? 'r1' : 'tiny', dataset === 'fashion-mnist' ? 'fashion-mnist' : 'mnist');
  for (const setting of Object.keys(RANGES) as NumericSetting[]) {
    const text = query.get(URL_KEYS[setting]);
    if (text === null) continue;
    const checked = checkSetting(setting, text, lang);
    if ('value' in checked) settings[setting] = checked.value;
    else ignored.push(checked.problem);
  }
  const update = query.get('update');
  if (update === 'loss' || update === 'ema') settings.codebookUpdate = update;
  else if (update !== null) ignored.push(oneOf('update', 'loss', 'ema', update));
  const restart = query.get('restart');
  if (restart === 'on') settings.deadCodeRestart = RESTART_PATIENCE;
  else if (restart === 'off') settings.deadCodeRestart = false;
  else if (restart !== null) ignored.push(oneOf('restart', 'on', 'off', restart));
  return { settings, ignored };
}

/** The query string for settings, naming only what differs from the preset's defaults. */
export function queryFromSettings(settings: LabSettings): string {
  const defaults = defaultSettings(settings.preset, settings.dataset);
  const query = new URLSearchParams();
  if (settings.preset !== 'tiny') query.set('preset', settings.preset);
  if (settings.dataset !== 'mnist') query.set('dataset', settings.dataset);
  for (const key of ['beta', 'learningRate', 'codebookSize', 'codeDim', 'codebookUpdate', 'emaDecay'] as const) {
    if (settings[key] !== defaults[key]) query.set(URL_KEYS[key], String(settings[key]));
  }
  if ((settings.deadCodeRestart !== false) !== (defaults.deadCodeRestart !== false)) query.set('restart', settings.deadCodeRestart === false ? 'off' : 'on');
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The model the settings describe: a plain codebook trained by its loss or by EMA, with or without restarts. */
export function modelConfig(settings: LabSettings): QuantisedVQVAEConfig {
  const { preset, codebookSize, codeDim, beta, learningRate, codebookUpdate, emaDecay, deadCodeRestart } = settings;
  return { preset, codebookSize, codeDim, beta, learningRate, quantiser: { kind: 'codebook', update: codebookUpdate, emaDecay, deadCodeRestart } };
}

/** The settings a model's config fixes, for a lab that has opened a checkpoint (whose quantiser is a plain codebook). */
export function settingsFromConfig(config: ResolvedVQVAEConfig): Omit<LabSettings, 'dataset'> {
  const { preset, codebookSize, codeDim, beta, learningRate, quantiser } = config;
  const codebook = quantiser.kind === 'codebook' ? quantiser : { update: 'loss' as const, emaDecay: 0.99, deadCodeRestart: false as const };
  return { preset, codebookSize, codeDim, beta, learningRate, codebookUpdate: codebook.update, emaDecay: codebook.emaDecay, deadCodeRestart: codebook.deadCodeRestart };
}
