import { engineText } from './messages.ts';

/**
 * Why an engine request failed, for widgets to act on without reading the message: a setting out of
 * range, a malformed request, a bad checkpoint, a model that diverged, a name nobody created, browser
 * storage, the backend, or a bug.
 */
export type EngineErrorReason = 'invalid-config' | 'invalid-request' | 'checkpoint' | 'diverged' | 'not-found' | 'storage' | 'backend' | 'internal';

/** An engine error as it crosses the Worker boundary: structured clone keeps plain objects, not classes. */
export interface EngineErrorData {
  name: string;
  message: string;
  reason: EngineErrorReason;
}

/**
 * An error from the engine with a reason. `name` keeps the original error's name (CheckpointError,
 * RangeError…), so a message reads as before; `reason` is what a widget tests.
 */
export class EngineError extends Error {
  readonly reason: EngineErrorReason;

  constructor(reason: EngineErrorReason, message: string, name = 'EngineError') {
    super(message);
    this.reason = reason;
    this.name = name;
  }

  /** Any thrown value as an EngineError: the model's CheckpointError and RangeError get their reasons. */
  static from(error: unknown): EngineError {
    if (error instanceof EngineError) return error;
    if (!(error instanceof Error)) return new EngineError('internal', String(error));
    return new EngineError(reasonOf(error), error.message, error.name);
  }

  /** Rebuilds an error sent as data; an unknown reason reads as internal. */
  static fromData(data: EngineErrorData): EngineError {
    return new EngineError(REASONS.includes(data.reason) ? data.reason : 'internal', data.message, data.name);
  }

  /** The error as data for postMessage. */
  toData(): EngineErrorData {
    return { name: this.name, message: this.message, reason: this.reason };
  }
}

const REASONS: readonly EngineErrorReason[] = ['invalid-config', 'invalid-request', 'checkpoint', 'diverged', 'not-found', 'storage', 'backend', 'internal'];

/** Storage failures the browser names (IndexedDB full, blocked or gone). */
const STORAGE_ERRORS = new Set(['QuotaExceededError', 'InvalidStateError', 'UnknownError', 'VersionError', 'NotReadableError']);

function reasonOf(error: Error): EngineErrorReason {
  // By name, not instanceof: the model module's classes may come from another bundle (an embed).
  if (error.name === 'CheckpointError') return 'checkpoint';
  // The model's config checks throw RangeError naming the field.
  if (error instanceof RangeError) return 'invalid-config';
  if (STORAGE_ERRORS.has(error.name)) return 'storage';
  return 'internal';
}

/** The error for a name that holds nothing of the kind asked for. */
export function notFound(kind: 'model' | 'prior', name: string): EngineError {
  return new EngineError('not-found', `No ${kind} named "${name}": create it first`);
}

/** The error for a request that cannot be met as asked (a wrong count, a request of another kind of model). */
export function invalidRequest(message: string): EngineError {
  return new EngineError('invalid-request', message);
}

/** The error every request gets when no backend could start. */
export function noBackend(reason: string): EngineError {
  return new EngineError('backend', engineText('engineHasNoBackend', { reason }));
}
