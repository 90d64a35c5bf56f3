/**
 * The widgets that can be embedded, as web components (`<vq-training-lab>`, from /embed/widgets.js) and
 * as iframe pages (/embed/training-lab/). Embedding another widget is one more line here; the widget
 * takes a `lang` prop, like every widget, since any of them can be embedded in Chinese (`lang="zh"`).
 */
import type { Component } from 'svelte';
import { backendRule, langRule, labSetting, wholeProp, type AttributeRule } from './attributes.ts';

/** One embeddable widget: how to load it, and the attributes it takes besides `backend` and `lang`. */
export type EmbedEntry = {
  /** The component's name, as in its root's data-widget. */
  widget: string;
  load: () => Promise<{ default: Component<any> }>;
  attributes: Record<string, AttributeRule>;
  /** The prop that takes the checked link-style settings as one query string, for a widget that reads them so (the lab). */
  settingsProp?: string;
  /** True for a widget that runs on the page's engine: the element starts it first, with its `backend`, and reports when it cannot. */
  engine?: boolean;
};

/** The training lab's settings, with the query keys of its links (lab-settings.ts). */
const lab = {
  preset: labSetting('preset', 'tiny or r1'),
  dataset: labSetting('dataset', 'mnist or fashion-mnist'),
  beta: labSetting('beta', 'a number from 0 to 5'),
  'learning-rate': labSetting('lr', 'a number from 0.00001 to 0.1'),
  k: labSetting('K', 'a whole number from 2 to 512'),
  d: labSetting('D', 'a whole number from 1 to 64'),
  update: labSetting('update', 'loss or ema'),
  decay: labSetting('decay', 'a number from 0.5 to 0.9999'),
  restart: labSetting('restart', 'on or off'),
};

/** Embeddable widgets by their slug: the element is `vq-<slug>`, the iframe page /embed/<slug>/. */
export const embeds: Record<string, EmbedEntry> = {
  'training-lab': { widget: 'TrainingLab', load: () => import('../components/widgets/TrainingLab.svelte'), attributes: { ...lab, examples: wholeProp('examples', 1, 16) }, settingsProp: 'settingsQuery', engine: true },
  'encode-decode': { widget: 'EncodeDecode', load: () => import('../components/widgets/EncodeDecode.svelte'), attributes: { examples: wholeProp('examples', 1, 20) }, engine: true },
  'quantization-playground': { widget: 'QuantizationPlayground', load: () => import('../components/widgets/QuantizationPlayground.svelte'), attributes: { k: wholeProp('codebookSize', 2, 64), outputs: wholeProp('outputs', 1, 8) } },
  'sampling-theatre': { widget: 'SamplingTheatre', load: () => import('../components/widgets/SamplingTheatre.svelte'), attributes: { 'top-codes': wholeProp('topCodes', 1, 16) }, engine: true },
};

/** The custom element's tag for a slug. */
export const tagFor = (slug: string) => `vq-${slug}`;

/** Every attribute an entry accepts, `backend` and `lang` (the language the widget speaks) included. */
export function rulesFor(entry: EmbedEntry): Record<string, AttributeRule> {
  return { ...entry.attributes, backend: backendRule, lang: langRule };
}

/** The entry of a custom element's tag, or undefined. */
export function entryForTag(tag: string): EmbedEntry | undefined {
  return tag.startsWith('vq-') ? embeds[tag.slice(3)] : undefined;
}
