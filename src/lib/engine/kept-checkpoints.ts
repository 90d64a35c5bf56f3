import * as tf from '@tensorflow/tfjs-core';
import { EngineError } from './engine-error.ts';

/**
 * Checkpoints kept in this browser's IndexedDB, in tf.io's own layout (its database, stores and
 * records), so a copy kept here also loads through tf.io's `indexeddb://` and one tf.io kept loads
 * here. tf.io's handler is not used to write: it resolves once the write is queued, and a full quota
 * only aborts the transaction when it commits, so a save that never happened read as "kept".
 */

const DATABASE = 'tensorflowjs';
const VERSION = 1;
const MODELS = 'models_store';
const INFO = 'model_info_store';

/** The error name when the page has no IndexedDB at all (some private modes, site data turned off). */
export const NO_INDEXED_DB = 'IndexedDBUnavailableError';

/** The error name when nothing is kept under the name asked for. */
export const NOTHING_KEPT = 'NothingKeptError';

type Action = 'keep' | 'open';

/** A storage error that names what failed and what the browser said. Its `name` is the browser's (QuotaExceededError…). */
function refused(action: Action, error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  const name = error instanceof Error || error instanceof DOMException ? error.name : 'UnknownError';
  const said = error instanceof Error || error instanceof DOMException ? error.message : '';
  const what = action === 'keep' ? 'keep the model in this browser' : 'open the copy kept in this browser';
  const why = name === 'QuotaExceededError' ? "this site's storage is full" : 'the browser refused IndexedDB';
  return new EngineError('storage', `Could not ${what}: ${why} (${said ? `${name}: ${said}` : name})`, name);
}

function openDatabase(action: Action): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const factory = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
    if (!factory) {
      reject(new EngineError('storage', `Could not ${action === 'keep' ? 'keep the model in' : 'open the copy kept in'} this browser: it gives this page no IndexedDB`, NO_INDEXED_DB));
      return;
    }
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(DATABASE, VERSION);
    } catch (error) {
      // Firefox's private mode, and pages whose site data is blocked, throw here.
      reject(refused(action, error));
      return;
    }
    request.onupgradeneeded = () => {
      request.result.createObjectStore(MODELS, { keyPath: 'modelPath' });
      request.result.createObjectStore(INFO, { keyPath: 'modelPath' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(refused(action, request.error));
  });
}

/** Runs `use` in one transaction over `stores`, resolving with its result once the transaction has committed. */
async function transaction<T>(action: Action, stores: string[], mode: IDBTransactionMode, use: (tx: IDBTransaction, result: (value: T) => void) => void): Promise<T> {
  const db = await openDatabase(action);
  try {
    return await new Promise<T>((resolve, reject) => {
      let value: { ok: T } | null = null;
      let tx: IDBTransaction;
      try {
        tx = db.transaction(stores, mode);
        use(tx, (result) => (value = { ok: result }));
      } catch (error) {
        reject(refused(action, error));
        return;
      }
      tx.oncomplete = () => (value ? resolve(value.ok) : reject(refused(action, null)));
      tx.onabort = () => reject(refused(action, tx.error));
    });
  } finally {
    db.close();
  }
}

/** Keeps `artifacts` under `name`, replacing what was kept there; resolves only once IndexedDB has committed them. */
export function keepInBrowser(name: string, artifacts: tf.io.ModelArtifacts): Promise<void> {
  const modelArtifacts = { ...artifacts, weightData: tf.io.CompositeArrayBuffer.join(artifacts.weightData) };
  const modelArtifactsInfo = tf.io.getModelArtifactsInfoForJSON(modelArtifacts);
  return transaction<void>('keep', [INFO, MODELS], 'readwrite', (tx, done) => {
    tx.objectStore(INFO).put({ modelPath: name, modelArtifactsInfo });
    tx.objectStore(MODELS).put({ modelPath: name, modelArtifacts, modelArtifactsInfo }).onsuccess = () => done();
  });
}

/** The artifacts kept under `name`. A storage error when IndexedDB refuses; a checkpoint error (NOTHING_KEPT) when nothing is kept there. */
export async function openKept(name: string): Promise<tf.io.ModelArtifacts> {
  const record = await transaction<{ modelArtifacts?: tf.io.ModelArtifacts } | undefined>('open', [MODELS], 'readonly', (tx, done) => {
    const request = tx.objectStore(MODELS).get(name);
    request.onsuccess = () => done(request.result as { modelArtifacts?: tf.io.ModelArtifacts } | undefined);
  });
  if (!record?.modelArtifacts) throw new EngineError('checkpoint', `Nothing is kept in this browser under "${name}" yet: keep a model there first`, NOTHING_KEPT);
  return record.modelArtifacts;
}
