import { PixelCNNPrior, type SampleStep } from '@vq-vae-live/vq';
import { checkpointSource } from './checkpoint-files.ts';
import { hold, type Handlers, type HostContext } from './host-context.ts';
import type { PriorRequest, Reply } from './protocol.ts';
import type { PriorOrigin } from './registry.ts';
import { trainPrior } from './prior-training.ts';
import { codeGrids, readAndFree, readFloats, readInts } from './tensors.ts';

/** The request types about one prior. */
export type PriorRequestType = PriorRequest['type'];

/** Builds a prior from its checkpoint URL, or from its config. */
export async function buildPrior(origin: PriorOrigin): Promise<PixelCNNPrior> {
  return origin.checkpoint ? PixelCNNPrior.load(await checkpointSource({ url: origin.checkpoint })) : PixelCNNPrior.create(origin.config);
}

/** The handlers of every request about a prior, each through the model queue. */
export function priorHandlers(context: HostContext): Handlers<PriorRequestType> {
  const { registry, queue, scheduler } = context;
  const info = (name: string): Reply<'prior'> => {
    const prior = registry.prior(name);
    return { type: 'prior', prior: name, info: { config: prior.config, step: prior.step, parameterCount: prior.parameterCount } };
  };
  /** The request's code grids shaped for the prior; the caller frees them. */
  const gridsFor = (prior: PixelCNNPrior, request: { type: string; codes: Int32Array; count: number }) =>
    codeGrids(request.type, request.codes, request.count, [prior.config.height, prior.config.width]);
  /** How many positions of each sampling request were streamed: one answered again after a GPU loss streams only the rest. */
  const streamed = new WeakMap<object, number>();

  return {
    createPrior: (request) =>
      queue.run(async () => {
        const prior = await buildPrior(request);
        hold(context, request.prior, { kind: 'prior', value: prior, origin: { config: prior.config, checkpoint: request.checkpoint } });
        return info(request.prior);
      }),
    trainPrior: (request) => trainPrior(context, request),
    samplePrior: (request) =>
      queue.run(async () => {
        const prior = registry.prior(request.prior);
        const onStep = request.stream
          ? (step: SampleStep) => {
              if (step.position < (streamed.get(request) ?? 0)) return;
              streamed.set(request, step.position + 1);
              context.emit({ type: 'sampleStep', prior: request.prior, step });
            }
          : undefined;
        const { codes, note } = await prior.sample(request.count, { temperature: request.temperature, seed: request.seed, onStep, prefix: request.prefix });
        return readAndFree(() => codes, async (grids) => ({ type: 'codes', codes: await readInts(grids), count: request.count, grid: [prior.config.height, prior.config.width], note }), []);
      }),
    priorNll: (request) =>
      queue.run(async () => {
        const prior = registry.prior(request.prior);
        const codes = gridsFor(prior, request);
        try {
          return { type: 'nll', bitsPerLatent: await prior.nllAsync(codes) };
        } finally {
          codes.dispose();
        }
      }),
    priorLogits: (request) =>
      queue.run(() => {
        const prior = registry.prior(request.prior);
        const codes = gridsFor(prior, request);
        return readAndFree(() => prior.logits(codes), async (logits) => ({ type: 'logits', logits: await readFloats(logits), shape: logits.shape as [number, number, number, number] }), [codes]);
      }),
    disposePrior: (request) => {
      if (registry.kindOf(request.prior) === 'prior') scheduler.stop(request.prior, 'disposed');
      return queue.run(() => {
        registry.remove(request.prior, 'prior');
        return { type: 'done' };
      });
    },
  };
}
