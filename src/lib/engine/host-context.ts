import type { DeviceLosses } from './device-loss.ts';
import type { Registry } from './registry.ts';
import type { SerialQueue } from './serial-queue.ts';
import type { SplitSource, Snapshots } from './snapshots.ts';
import type { Api, EngineEvent, RequestOf, RequestType } from './protocol.ts';
import type { TrainingScheduler } from './training-scheduler.ts';

/** What the request handlers share: the names, the one queue every model touch goes through, the training turns, snapshots. */
export type HostContext = {
  registry: Registry;
  queue: SerialQueue;
  scheduler: TrainingScheduler;
  snapshots: Snapshots;
  emit: (event: EngineEvent) => void;
  /** A dataset's split, loaded once (fetched and cached in a Worker, read from disk in Node). */
  split: SplitSource;
  /** Prior jobs still encoding their training set, and whether a pause arrived meanwhile. */
  preparing: Map<string, { paused: boolean }>;
  /** The watch on the GPU device: whether a failure came from its loss, and the recovery. */
  losses: DeviceLosses;
};

/** A handler for each request type in K, answering with that type's reply. */
export type Handlers<K extends RequestType> = { [T in K]: (request: RequestOf<T>) => Promise<Api[T]['res']> };

/**
 * Pushes a snapshot of `name` soon: after the current task's reply has gone out (a macrotask later),
 * and through the queue, so it never lands in the middle of a step.
 */
export function snapshotSoon(context: HostContext, name: string): void {
  if (!context.snapshots.watched(name)) return;
  setTimeout(() => {
    void context.queue.run(() => context.snapshots.take(name, context.registry.find(name, 'model'))).catch(() => undefined);
  }, 0);
}

/**
 * Puts a model or prior under `name`. When it takes the name from the other kind (models and priors
 * share one namespace), the other's training ends as 'replaced' and its snapshots stop.
 */
export function hold(context: HostContext, name: string, entry: Parameters<Registry['put']>[1]): void {
  const replaced = context.registry.put(name, entry);
  if (replaced === undefined || replaced === entry.kind) return;
  context.scheduler.stop(name, 'replaced');
  context.snapshots.forget(name);
}
