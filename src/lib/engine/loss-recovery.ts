import * as tf from '@tensorflow/tfjs-core';
import { PixelCNNPrior } from '@vq-vae-live/vq';
import type { BackendName } from './backend.ts';
import { checkpointSource } from './checkpoint-files.ts';
import type { DeviceLostInfo } from './device-loss.ts';
import { createHostedModel, loadHostedModel, type HostedModel } from './hosted-model.ts';
import { snapshotSoon, type HostContext } from './host-context.ts';
import { engineText } from './messages.ts';
import { buildPrior } from './prior-handlers.ts';
import type { MatmulTiming } from './protocol.ts';
import type { Entry } from './registry.ts';

/** Where the engine went after a loss, with the new backend's matmul timing and threads when it measured them. */
export type MovedTo = { backend: BackendName; matmul?: MatmulTiming; threads?: number | null };

/**
 * Builds what an entry holds again, on the current backend: from its last copy in memory when it has
 * one (its state as of that copy's step), else from its origin (the checkpoint URL or config it was
 * built from, which is its state until it trains or loads a file).
 */
export async function rebuildEntry(entry: Entry): Promise<HostedModel | PixelCNNPrior> {
  if (entry.copy) {
    const memory = tf.io.fromMemory(entry.copy.artifacts);
    return entry.kind === 'prior' ? PixelCNNPrior.load(memory) : loadHostedModel(memory, entry.origin.kind);
  }
  if (entry.kind === 'prior') return buildPrior(entry.origin);
  const { kind, config, checkpoint } = entry.origin;
  return checkpoint ? loadHostedModel(await checkpointSource({ url: checkpoint }), kind) : createHostedModel(kind, config);
}

/**
 * After the GPU was lost: in one turn of the model queue, so no request or step sees half of it, every
 * job forgets what the device took, the engine moves to the next backend (`moveOn`), and every model
 * and prior is rebuilt from its last good state. Training jobs go on from the rebuilt step; each
 * rebuilt name gets a 'restored' event with its step, and the page a 'backend' event saying what
 * happened. A name that cannot be rebuilt ends its training with the reason.
 */
export async function recoverFromLoss(context: HostContext, info: DeviceLostInfo, moveOn: () => Promise<MovedTo>): Promise<void> {
  const { registry, queue, scheduler, emit } = context;
  const detail = info.message || engineText('noReasonGiven');
  const resumed: number[] = [];
  let moved: MovedTo;
  try {
    moved = await queue.run(async () => {
      scheduler.deviceLost();
      const to = await moveOn();
      for (const [name, entry] of registry.entries()) {
        let value: HostedModel | PixelCNNPrior;
        try {
          value = await rebuildEntry(entry);
        } catch (error) {
          scheduler.stop(name, 'failed', (error as Error).message);
          continue;
        }
        registry.replaceLost(name, value);
        if (scheduler.isTraining(name)) resumed.push(value.step);
        emit({ type: 'restored', name, step: value.step });
      }
      return to;
    });
  } catch (error) {
    // No backend could start: nothing can train any more, and every job says why.
    const message = engineText('engineHasNoBackend', { reason: (error as Error).message });
    for (const [name] of registry.entries()) scheduler.stop(name, 'failed', message);
    return;
  }
  const { backend } = moved;
  const message = resumed.length > 0 ? engineText('gpuLostTraining', { detail, backend, step: resumed.join(', ') }) : engineText('gpuLost', { detail, backend });
  emit({ type: 'backend', ...moved, message });
  for (const [name, entry] of registry.entries()) if (entry.kind === 'model') snapshotSoon(context, name);
}
