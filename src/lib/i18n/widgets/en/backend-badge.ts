/** Strings of BackendBadge, in English. */
export const backendBadge = {
  starting: 'Starting the engine…',
  couldNotStart: (error: string) => `The engine could not start: ${error}`,
  backend: 'Backend',
  /** The benchmark: numbers come formatted. */
  matmul: (size: string, milliseconds: string, gflops: string) => `${size}×${size} matmul: ${milliseconds} ms (${gflops} GFLOP/s)`,
  skipped: (backend: string, reason: string) => `${backend} skipped: ${reason}`,
  /** Between the skipped backends. */
  separator: '; ',
  /** The wasm backend's threads, after its name: several when the page is cross-origin isolated. */
  threads: (count: string) => `(${count} threads)`,
  oneThread: '(1 thread)',
  /** The backends' names in a sentence. */
  names: { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'wasm', cpu: 'cpu' },
  /** Why this backend (src/lib/i18n/backend-choice-text.ts): names and numbers come formatted. */
  asked: (setting: string) => `asked for with ${setting}`,
  remembered: (why: string) => `remembered from an earlier visit: ${why}`,
  measuring: 'for now, while the other backends are measured',
  faster: (ratio: string, other: string) => `${ratio}× faster than ${other} here`,
  softwareSlower: (other: string, ratio: string) => `${other} here is a software adapter and measured ${ratio}× slower`,
  timedOut: (other: string, seconds: string) => `${other} here could not finish its trial in ${seconds} s`,
  softwareTimedOut: (other: string, seconds: string) => `${other} here is a software adapter and could not finish its trial in ${seconds} s`,
  failed: (other: string) => `${other} failed its trial`,
  only: 'the only backend that finished its trial',
  nextVisit: (winner: string, why: string) => `${winner} measured fastest (${why}); models have trained on this page, so it is used from your next visit`,
  unmeasured: 'the backends could not be measured here; the page measures again on your next visit',
  /** The trials, each a backend and its milliseconds a training step. */
  trials: (list: string) => `Trials, ms a training step of the tiny model: ${list}`,
  trialTime: (backend: string, milliseconds: string) => `${backend} ${milliseconds}`,
  trialSoftware: (backend: string, milliseconds: string) => `${backend} ${milliseconds} (software adapter)`,
  trialTimeout: (backend: string) => `${backend} out of time`,
  trialFailed: (backend: string) => `${backend} failed`,
  trialSeparator: ' · ',
};
