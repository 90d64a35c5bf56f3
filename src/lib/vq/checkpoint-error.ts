/** A checkpoint that could not be used; the message says what is wrong with it. Nothing was changed. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}
