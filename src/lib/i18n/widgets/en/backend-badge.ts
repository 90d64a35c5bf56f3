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
};
