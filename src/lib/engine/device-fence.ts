import * as tf from '@tensorflow/tfjs-core';

/** The parts of TF.js's GPU backends a fence needs; neither class exports a type for them. */
type GpuBackends = {
  ensureCommandEncoderReady?: () => void;
  endComputePassEncoder?: () => void;
  submitQueue?: () => void;
  device?: { queue: { onSubmittedWorkDone(): Promise<void> } };
  gpgpu?: { createAndWaitForFence(): Promise<void> };
};

/**
 * A promise that resolves when the GPU has finished the work queued so far, without reading any data
 * back, or null on a CPU backend (wasm, cpu), where work is done by the time it is queued. A training
 * loop waits on the fence of a step a couple behind, so the GPU always has the next step queued while
 * the CPU cannot run arbitrarily far ahead of it.
 */
export function deviceFence(): Promise<void> | null {
  const backend = tf.backend() as GpuBackends;
  if (backend.device && backend.submitQueue && backend.ensureCommandEncoderReady && backend.endComputePassEncoder) {
    // TF.js batches dispatches into a command buffer; submitting it first makes the fence cover them.
    // The open compute pass must end first (as TF.js's own reads do), or the finished buffer is invalid
    // and the GPU drops every dispatch in it.
    backend.ensureCommandEncoderReady();
    backend.endComputePassEncoder();
    backend.submitQueue();
    return backend.device.queue.onSubmittedWorkDone();
  }
  return backend.gpgpu?.createAndWaitForFence() ?? null;
}
