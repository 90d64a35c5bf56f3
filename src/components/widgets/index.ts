// Widgets for MDX chapters: `import { BackendBadge } from '../../src/components/widgets/index.ts'`.
export { default as BackendBadge } from './BackendBadge.svelte';
export { default as DatasetPreview } from './DatasetPreview.svelte';
export { default as TrainingLab } from './TrainingLab.svelte';
export { default as QuantizationPlayground } from './QuantizationPlayground.svelte';
export { default as EncodeDecode } from './EncodeDecode.svelte';
export { default as LatentSpaces } from './LatentSpaces.svelte';
export { default as GradientFlow } from './GradientFlow.svelte';
export { default as SamplingTheatre } from './SamplingTheatre.svelte';
export { default as ResidualStages } from './ResidualStages.svelte';
export { default as VariantArena } from './VariantArena.svelte';
export { default as HierarchyView } from './HierarchyView.svelte';
export { default as MaskedConvExplorer } from './MaskedConvExplorer.svelte';
export { default as PixelSampler } from './PixelSampler.svelte';
export { default as CrossEntropyExplorer } from './CrossEntropyExplorer.svelte';
export { default as PriorLab } from './PriorLab.svelte';
export { default as CodeGridEditor } from './CodeGridEditor.svelte';
export { default as HeroSamples } from './HeroSamples.svelte';
