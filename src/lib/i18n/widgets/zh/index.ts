import { common } from './common.ts';
import { backendBadge } from './backend-badge.ts';
import { codeGridEditor } from './code-grid-editor.ts';
import { crossEntropyExplorer } from './cross-entropy-explorer.ts';
import { datasetPreview } from './dataset-preview.ts';
import { encodeDecode } from './encode-decode.ts';
import { gradientFlow } from './gradient-flow.ts';
import { heroSamples } from './hero-samples.ts';
import { hierarchyView } from './hierarchy-view.ts';
import { latentSpaces } from './latent-spaces.ts';
import { maskedConvExplorer } from './masked-conv-explorer.ts';
import { pixelSampler } from './pixel-sampler.ts';
import { priorLab } from './prior-lab.ts';
import { quantizationPlayground } from './quantization-playground.ts';
import { residualStages } from './residual-stages.ts';
import { samplingTheatre } from './sampling-theatre.ts';
import { trainingLab } from './training-lab.ts';
import { variantArena } from './variant-arena.ts';

import type { WidgetStrings } from '../index.ts';

/** Every widget's strings in Chinese, written for Chinese readers (terms from ../../glossary.ts). */
export const zh: WidgetStrings = { common, backendBadge, codeGridEditor, crossEntropyExplorer, datasetPreview, encodeDecode, gradientFlow, heroSamples, hierarchyView, latentSpaces, maskedConvExplorer, pixelSampler, priorLab, quantizationPlayground, residualStages, samplingTheatre, trainingLab, variantArena };
