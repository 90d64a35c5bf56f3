/** Strings of CodeGridEditor, in English. */
export const codeGridEditor = {
  loadError: (message: string) => `The models could not load: ${message}`,
  failed: (message: string) => `That did not work: ${message}`,
  testDigitNote: (digit: number) => `The codes of test digit ${digit}.`,
  sampleNote: 'A grid drawn from the prior.',
  resampleNote: (kept: number, drawn: number, changed: number) => `Kept the first ${kept} cells; the prior drew the other ${drawn}, and ${changed} of them changed.`,
  startFrom: 'Start from',
  testDigits: 'Test digits',
  /** What a test digit's button does, before "test image N, a 7". */
  startFromCodesOf: 'Start from the codes of',
  sampleFresh: 'Sample a fresh grid',
  gridHeading: 'The code grid',
  gridLabel: (height: number, width: number) => `The ${height}×${width} grid of codes. Select a cell to change its code or to resample from it.`,
  resample: 'Resample from here',
  resampleHint: (cells: number) => `keeps the ${cells} cell${cells === 1 ? '' : 's'} before this one and lets the prior draw the rest`,
  loading: 'Loading the pretrained models…',
  imageHeading: 'The decoded digit',
  image: 'The digit decoded from the grid',
  imageEdited: (edited: number) => `The digit decoded from the grid, with ${edited} edited cell${edited === 1 ? '' : 's'}`,
  /** `bits` and `total` are formatted. */
  bits: (bits: string, total: string) => `The prior gives this grid ${bits} bits per latent (${total} bits in all).`,
  caption:
    'Select a cell and pick a new code, or press "Resample from here" to keep everything before the cell and let the prior complete the grid. A grid the prior finds unlikely costs more bits.',
};
