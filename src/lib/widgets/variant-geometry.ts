/**
 * What each of the arena's variants draws as its code geometry, and the words around the picture.
 * The view follows the model's config, so a variant shows the space its lookup really searches;
 * the words follow the variant, so each panel says which space that is.
 */
import type { ResolvedVQVAEConfig } from '../vq/config.ts';
import type { GeometryView } from '../analysis/code-geometry.ts';
import { VARIANTS, type VariantId } from './variant-presets.ts';

/** How a model's codes are best drawn in 2-D: FSQ's grid, 2-D codes as they are, unit vectors, or principal components. */
export function geometryViewFor(config: Pick<ResolvedVQVAEConfig, 'fsq' | 'lookup' | 'lookupDim' | 'codeDim'>): GeometryView {
  if (config.fsq) return config.fsq.length === 2 ? { kind: 'grid', levels: config.fsq } : { kind: 'pca' };
  if (config.lookup === 'cosine') return { kind: 'sphere' };
  if ((config.lookupDim ?? config.codeDim) === 2) return { kind: 'direct' };
  return { kind: 'pca' };
}

/** A panel's words: its title, its axes' titles, and a sentence on how to read it. */
export type GeometryText = { title: string; axes: [string, string]; note: string };

const PCA_AXES: [string, string] = ['principal component 1', 'principal component 2'];
const PCA_NOTE = 'The 8-D codes and outputs projected onto the outputs’ first two principal components.';

/** The words for a variant's panel; `shown` is the share of the outputs' variance its axes show. */
export function geometryText(id: VariantId, shown: number): GeometryText {
  const label = VARIANTS[id].label;
  const kept = `These two axes show ${Math.round(shown * 100)}% of the outputs’ spread.`;
  switch (id) {
    case 'fsq':
      return {
        // The label already says 8×8; the title says it once.
        title: 'FSQ: its 8×8 grid, in its own 2 dimensions',
        axes: ['z′₁, squashed (levels)', 'z′₂, squashed (levels)'],
        note: 'The encoder outputs 2 numbers; each is squashed and rounded to the nearest of 8 levels, so every output takes the grid point nearest to it.',
      };
    case 'lowdim':
      return {
        title: `${label}: the 2-D codes cⱼ and the projected outputs u = W↓z, as they are`,
        axes: ['u₁', 'u₂'],
        note: 'The search runs here, in 2 learned dimensions: nothing is projected away for the picture.',
      };
    case 'cosine':
      return {
        title: `${label}: unit vectors, projected onto 2 principal components`,
        axes: PCA_AXES,
        note: `A projection of the 8-D unit sphere: every unit vector lands inside the dashed circle, and one near the centre points mostly along the six unseen directions. ${kept}`,
      };
    case 'simvq':
      return { title: `${label}: the codes CW, projected onto 2 principal components`, axes: PCA_AXES, note: `${PCA_NOTE} ${kept}` };
    case 'residual':
      return { title: `${label}: the first stage’s codes, projected onto 2 principal components`, axes: PCA_AXES, note: `${PCA_NOTE} ${kept}` };
    default:
      return { title: `${label}: codes, projected onto 2 principal components`, axes: PCA_AXES, note: `${PCA_NOTE} ${kept}` };
  }
}
