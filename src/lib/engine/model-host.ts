import type { DatasetName } from '../data/manifest.ts';
import type { Split } from '../data/dataset.ts';
import { DeviceLosses, type DeviceLostInfo } from './device-loss.ts';
import { snapshotSoon, type HostContext } from './host-context.ts';
import { rebuildEntry, recoverFromLoss, type MovedTo } from './loss-recovery.ts';
import { modelHandlers, type ModelRequestType } from './model-handlers.ts';
import { priorHandlers, type PriorRequestType } from './prior-handlers.ts';
import type { Api, EngineEvent, ModelRequest, PriorRequest } from './protocol.ts';
import { Registry } from './registry.ts';
import { SerialQueue } from './serial-queue.ts';
import { Snapshots } from './snapshots.ts';
import { TrainingScheduler } from './training-scheduler.ts';

export { MAX_BATCH_SIZE, REJECTIONS_BEFORE_STOP } from './training-job.ts';

/** The reply to a request of type K. */
type ReplyTo<K extends ModelRequestType | PriorRequestType> = Api[K]['res'];

/**
 * The models and priors of one page, as the engine Worker holds them: a dispatcher from each request
 * to its handler. It has no DOM and no Worker globals, so it runs in Node tests as well. Every step and
 * every request that touches a model goes through one queue.
 */
export class ModelHost {
  readonly #context: HostContext;
  readonly #handlers: ReturnType<typeof modelHandlers> & ReturnType<typeof priorHandlers>;

  /**
   * @param emit sends an unasked message (metrics, snapshots) to the page.
   * @param split gives a dataset's split (fetched and cached in a Worker, read from disk in Node).
   */
  constructor(emit: (event: EngineEvent) => void, split: (dataset: DatasetName, split: 'train' | 'test') => Promise<Split>) {
    const queue = new SerialQueue();
    this.#context = {
      registry: new Registry(),
      queue,
      scheduler: new TrainingScheduler(queue),
      snapshots: new Snapshots(emit, split),
      emit,
      split,
      preparing: new Map(),
      losses: new DeviceLosses(),
    };
    this.#handlers = { ...modelHandlers(this.#context), ...priorHandlers(this.#context) };
  }

  /**
   * Answers one request. Errors reject with a message meant for the reader and a reason. A request
   * that failed because the GPU was lost is answered again once the models are rebuilt elsewhere.
   */
  async handle<R extends ModelRequest | PriorRequest>(request: R): Promise<ReplyTo<R['type']>> {
    const handler = this.#handlers[request.type] as (request: R) => Promise<ReplyTo<R['type']>>;
    const { losses } = this.#context;
    const since = losses.mark();
    try {
      return await handler(request);
    } catch (error) {
      if (!(await losses.explains(error, since))) throw error;
      await losses.settled();
      return handler(request);
    }
  }

  /**
   * Watches the GPU device the models now live on (null: a backend without one). When it is lost,
   * `moveOn` starts the next backend and every model and prior is rebuilt there from its last good
   * state; training goes on (see loss-recovery.ts).
   */
  watchDevice(lost: Promise<DeviceLostInfo> | null, moveOn: () => Promise<MovedTo>): void {
    this.#context.losses.watch(lost, (info) => recoverFromLoss(this.#context, info, moveOn));
  }

  /**
   * Builds every model and prior again on the current backend, from its last copy in memory or the
   * checkpoint URL or config it was built from. Training in progress ends with `reason`. `before` runs
   * first in the same turn of the queue (a backend switch), so no request sees half of it.
   */
  async rebuildAll(reason: string, before?: () => Promise<void>): Promise<void> {
    const { registry, queue, scheduler } = this.#context;
    for (const [name] of registry.entries()) scheduler.stop(name, 'failed', reason);
    await queue.run(async () => {
      await before?.();
      for (const [name, entry] of registry.entries()) registry.replaceLost(name, await rebuildEntry(entry));
    });
    for (const [name, entry] of registry.entries()) if (entry.kind === 'model') snapshotSoon(this.#context, name);
  }
}
