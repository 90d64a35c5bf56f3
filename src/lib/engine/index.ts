/**
 * The engine's public entry: a Worker that owns TensorFlow.js, and the page-side classes that talk to it.
 * The client classes use Svelte 5 runes (`*.svelte.ts`), so a consumer's bundler needs the Svelte plugin.
 */
export { EngineClient, expectKind } from './client.svelte.ts';
export type { EngineStatus, MetricsListener, TrainingResult } from './client.svelte.ts';
export { ModelSession } from './model-session.svelte.ts';
export { backendOrder, backendCandidates, isBackendName, parseBackendRequest } from './backend.ts';
export type { BackendFailure, BackendName, BackendRequest } from './backend.ts';
export { loadBackend } from './backend-loaders.ts';
export { METRICS_PER_SECOND } from './metrics-stream.ts';
export type {
  AnyModelInfo,
  CheckpointOrigin,
  ConfigOf,
  DatasetSample,
  InfoOf,
  MatmulTiming,
  MetricPoint,
  ModelInfo,
  ModelKind,
  TrainingEnd,
} from './protocol.ts';
