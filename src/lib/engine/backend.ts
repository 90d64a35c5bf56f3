import { echoed } from '../i18n/echo.ts';
import { engineText } from './messages.ts';

/** TF.js backends in the order the engine tries them: fastest first, always-available last. */
export const backendOrder = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

/** A TF.js backend the engine knows how to load. */
export type BackendName = (typeof backendOrder)[number];

/** What a page asked for: a backend to try first, or the automatic order, plus any complaint about the request. */
export interface BackendRequest {
  preferred: BackendName | null;
  /** Set when the request named no known backend, so the widget can say why it chose automatically. */
  warning: string | null;
}

/** True when `name` is one of the engine's backends. */
export function isBackendName(name: string): name is BackendName {
  return (backendOrder as readonly string[]).includes(name);
}

/**
 * Reads `?backend=NAME` from a query string. An absent or empty value means automatic choice;
 * an unknown name also means automatic choice, with a warning that names the valid values.
 */
export function parseBackendRequest(search: string): BackendRequest {
  const raw = new URLSearchParams(search).get('backend');
  if (raw === null || raw.trim() === '') return { preferred: null, warning: null };
  const name = raw.trim().toLowerCase();
  if (isBackendName(name)) return { preferred: name, warning: null };
  return {
    preferred: null,
    warning: engineText('unknownBackend', { requested: echoed(raw), valid: backendOrder.join(', ') }),
  };
}

/** The backends to try, in order: the preferred one first, then the rest of the automatic order. */
export function backendCandidates(preferred: BackendName | null): BackendName[] {
  return preferred ? [preferred, ...backendOrder.filter((b) => b !== preferred)] : [...backendOrder];
}

/** A backend that could not start, and why. */
export interface BackendFailure {
  backend: BackendName;
  reason: string;
}

/** The minimal slice of tfjs-core that backend selection needs; keeps this file free of tfjs imports. */
export interface BackendHost {
  setBackend(name: string): Promise<boolean>;
  getBackend(): string;
}

/**
 * Tries each candidate in turn: loads its code, then asks TF.js to initialise it.
 * Returns the first that works and every failure before it, so the reader can see why a faster one was skipped.
 */
export async function selectBackend(
  tf: BackendHost,
  candidates: BackendName[],
  load: (backend: BackendName) => Promise<void>,
): Promise<{ backend: BackendName; failures: BackendFailure[] }> {
  const failures: BackendFailure[] = [];
  for (const backend of candidates) {
    try {
      await load(backend);
      if (await tf.setBackend(backend)) return { backend, failures };
      failures.push({ backend, reason: engineText('notAvailable') });
    } catch (error) {
      failures.push({ backend, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new Error(engineText('noBackendCouldStart', { failures: failures.map((f) => `${f.backend} (${f.reason})`).join('; ') }));
}
