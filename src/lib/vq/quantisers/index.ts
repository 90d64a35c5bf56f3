import type { ResolvedVQVAEConfig } from '../config.ts';
import { FsqQuantiser } from './fsq.ts';
import { LowDimensionalLookup } from './low-dimensional.ts';
import { NearestCodeQuantiser } from './nearest-code.ts';
import type { Quantiser } from './quantiser.ts';
import { ResidualQuantiser } from './residual.ts';
import { SimVQQuantiser } from './simvq.ts';

export type { NamedWeight, Quantisation, Quantiser, StepContext } from './quantiser.ts';
export { quantiserKinds, resolveQuantiser, stagesOf } from './quantiser-config.ts';
export type { QuantiserConfig, ResolvedQuantiserConfig } from './quantiser-config.ts';

/** The quantiser a resolved config describes. Its random streams come from the config's seed, as the model's do. */
export function createQuantiser(config: ResolvedVQVAEConfig): Quantiser {
  const { quantiser, codebookSize, codeDim, seed } = config;
  switch (quantiser.kind) {
    case 'fsq':
      return new FsqQuantiser(quantiser.levels);
    case 'residual':
      return new ResidualQuantiser({ stages: quantiser.stages, codebookSize, codeDim, seed });
    case 'simvq':
    case 'codebook': {
      // A low-dimensional lookup quantises in d dimensions: the codes there are d long.
      const searchDim = quantiser.lookupDim ?? codeDim;
      const inner = quantiser.kind === 'simvq'
        ? new SimVQQuantiser({ ...quantiser, codebookSize, codeDim: searchDim, seed })
        : new NearestCodeQuantiser({ ...quantiser, codebookSize, codeDim: searchDim, seed });
      return quantiser.lookupDim === null ? inner : new LowDimensionalLookup(inner, { codeDim, lookupDim: quantiser.lookupDim, seed });
    }
  }
}
