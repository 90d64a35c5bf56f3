/**
 * The engine's public entry: a Worker that owns TensorFlow.js, and the page-side classes that talk to it.
 * The client classes use Svelte 5 runes (`*.svelte.ts`), so a consumer's bundler needs the Svelte plugin;
 * without it, importing this entry throws an error that says so (svelte-compiled.svelte.ts, imported first).
 */
import './svelte-compiled.svelte.ts';
export { EngineClient, expectKind } from './client.svelte.ts';
export type { EngineStatus, MetricsListener, SnapshotListener, TrainingResult } from './client.svelte.ts';
export { EngineError } from './engine-error.ts';
export type { EngineErrorData, EngineErrorReason } from './engine-error.ts';
export { TrainingSession } from './training-session.svelte.ts';
export type { CreateOptions, CreateOutcome, DataOptions, SessionKind } from './training-session.svelte.ts';
export { canBeSeen, inViewAfter, watchVisibility } from './visibility.ts';
export { backendOrder, backendCandidates, isBackendName, parseBackendRequest } from './backend.ts';
export type { BackendFailure, BackendName, BackendRequest } from './backend.ts';
export { loadBackend } from './backend-loaders.ts';
export { METRICS_PER_SECOND } from './metrics-stream.ts';
export type {
  AnyModelInfo,
  Api,
  CheckpointOrigin,
  ConfigOf,
  DatasetSample,
  ImageRange,
  InfoOf,
  Inspection,
  MatmulTiming,
  MetricPoint,
  ModelInfo,
  ModelKind,
  Snapshot,
  SnapshotRequest,
  TrainingEnd,
} from './protocol.ts';
