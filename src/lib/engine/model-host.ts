import type { DatasetName } from '../data/manifest.ts';
import type { Split } from '../data/dataset.ts';
import { checkpointSource } from './checkpoint-files.ts';
import { createHostedModel, loadHostedModel } from './hosted-model.ts';
import { snapshotSoon, type HostContext } from './host-context.ts';
import { modelHandlers, type ModelRequestType } from './model-handlers.ts';
import { buildPrior, priorHandlers, type PriorRequestType } from './prior-handlers.ts';
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
    };
    this.#handlers = { ...modelHandlers(this.#context), ...priorHandlers(this.#context) };
  }

  /** Answers one request. Errors reject with a message meant for the reader and a reason. */
  handle<R extends ModelRequest | PriorRequest>(request: R): Promise<ReplyTo<R['type']>> {
    const handler = this.#handlers[request.type] as (request: R) => Promise<ReplyTo<R['type']>>;
    return handler(request);
  }

  /**
   * Builds every model and prior again on the current backend, from the checkpoint URL or config it was
   * last built from, after the backend that held them was lost (a GPU device can be). Training in
   * progress ends with `reason`; what was learned since the last checkpoint is gone with the device.
   * `before` runs first in the same turn of the queue (a backend switch), so no request sees half of it.
   */
  async rebuildAll(reason: string, before?: () => Promise<void>): Promise<void> {
    const { registry, queue, scheduler } = this.#context;
    for (const [name] of registry.entries()) scheduler.stop(name, 'failed', reason);
    await queue.run(async () => {
      await before?.();
      for (const [name, entry] of registry.entries()) {
        if (entry.kind === 'prior') registry.replaceLost(name, await buildPrior(entry.origin));
        else {
          const { kind, config, checkpoint } = entry.origin;
          registry.replaceLost(name, checkpoint ? await loadHostedModel(await checkpointSource({ url: checkpoint }), kind) : createHostedModel(kind, config));
        }
      }
    });
    for (const [name, entry] of registry.entries()) if (entry.kind === 'model') snapshotSoon(this.#context, name);
  }
}
