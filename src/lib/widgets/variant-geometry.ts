/**
 * What each of the arena's variants draws as its code geometry, and the words around the picture.
 * The view follows the model's config, so a variant shows the space its lookup really searches;
 * the words follow the variant, so each panel says which space that is (in the page's language; the
 * words themselves are in the arena's string tables).
 */
import type { ResolvedVQVAEConfig } from '@vq-vae-live/vq';
import type { GeometryView } from '../analysis/code-geometry.ts';
import type { Lang } from '../content/chapter-schema.ts';
import { formatInteger } from '../i18n/format.ts';
import { widgetStrings } from '../i18n/widgets/index.ts';
import { variantText, type VariantId } from './variant-presets.ts';

/** How a model's codes are best drawn in 2-D: FSQ's grid, 2-D codes as they are, unit vectors, or principal components. */
export function geometryViewFor(config: Pick<ResolvedVQVAEConfig, 'quantiser' | 'codeDim'>): GeometryView {
  const { quantiser } = config;
  if (quantiser.kind === 'fsq') return quantiser.levels.length === 2 ? { kind: 'grid', levels: quantiser.levels } : { kind: 'pca' };
  if (quantiser.kind === 'residual') return config.codeDim === 2 ? { kind: 'direct' } : { kind: 'pca' };
  if (quantiser.lookup === 'cosine') return { kind: 'sphere' };
  if ((quantiser.lookupDim ?? config.codeDim) === 2) return { kind: 'direct' };
  return { kind: 'pca' };
}

/** A panel's words: its title, its axes' titles, and a sentence on how to read it. */
export type GeometryText = { title: string; axes: [string, string]; note: string };

/** The words for a variant's panel in `lang`; `shown` is the share of the outputs' variance its axes show. */
export function geometryText(id: VariantId, shown: number, lang: Lang = 'en'): GeometryText {
  const s = widgetStrings(lang).variantArena.geometry;
  const label = variantText(id, lang).label;
  const pcaAxes: [string, string] = [s.pcaAxisX, s.pcaAxisY];
  const kept = s.kept(formatInteger(lang, shown * 100));
  switch (id) {
    case 'fsq':
      // The label already says 8×8; the title says it once.
      return { title: s.fsqTitle, axes: [s.fsqAxisX, s.fsqAxisY], note: s.fsqNote };
    case 'lowdim':
      return { title: s.lowdimTitle(label), axes: ['u₁', 'u₂'], note: s.lowdimNote };
    case 'cosine':
      return { title: s.cosineTitle(label), axes: pcaAxes, note: s.withKept(s.cosineNote, kept) };
    case 'simvq':
      return { title: s.simvqTitle(label), axes: pcaAxes, note: s.withKept(s.pcaNote, kept) };
    case 'residual':
      return { title: s.residualTitle(label), axes: pcaAxes, note: s.withKept(s.pcaNote, kept) };
    default:
      return { title: s.title(label), axes: pcaAxes, note: s.withKept(s.pcaNote, kept) };
  }
}
