// Widgets for MDX chapters: `import { BackendBadge } from '../../src/components/widgets/index.ts'`.
export { default as BackendBadge } from './BackendBadge.svelte';
export { default as DatasetPreview } from './DatasetPreview.svelte';
export { default as TrainingLab } from './TrainingLab.svelte';
