/** Strings of SamplingTheatre, in English. */
export const samplingTheatre = {
  temperature: 'Temperature',
  seed: 'Seed',
  speed: 'Speed',
  slow: 'slow',
  normal: 'normal',
  fast: 'fast',
  sample: 'Sample a grid',
  jump: 'Jump to the end',
  batch: 'Sample 16',
  loadError: (message: string) => `The models could not load: ${message}`,
  /** `got` is what the reader typed, or `nothing`. */
  temperatureRefused: (got: string) => `The temperature must be a number up to 5 (0 or less means always the most likely code); got ${got}.`,
  nothing: 'nothing',
  /** `max` is formatted; `got` is what the reader typed, empty for nothing. */
  seedRefused: (max: string, got: string) => `The seed must be a whole number from 0 to ${max}; got ${got || 'nothing'}.`,
  /** The note on a sample drawn at temperature ≤ 0; `temperature` is formatted. */
  greedyNote: (temperature: string) => `temperature ${temperature} ≤ 0: each position took its most likely code (argmax)`,
  gridHeading: 'The grid so far',
  gridLabel: (shown: number, cells: number) => `The code grid being sampled, ${shown} of ${cells} positions drawn`,
  positions: (shown: number, cells: number) => `${shown} of ${cells} positions`,
  /** `milliseconds` is formatted. */
  passes: (passes: number, milliseconds: string) => `${passes} forward passes of the prior in ${milliseconds} ms`,
  choiceHeading: "The prior's choice here",
  rankedLabel: (row: number, column: number) => `The most likely codes at row ${row}, column ${column}`,
  code: (code: number) => `code ${code}`,
  /** `percent` is formatted, without the sign. */
  probability: (percent: string) => `${percent}%`,
  drawn: 'drawn',
  pressSample: 'Press “Sample a grid” to watch the prior choose each code in turn.',
  decodeHeading: 'Decoded so far',
  partialImage: "The decoder's image of the grid so far, unsampled cells left blank",
  batchHeading: 'Sixteen samples',
  /** `temperature` is formatted. */
  batchImage: (temperature: string, seed: number) => `Sixteen digits sampled from the prior at temperature ${temperature}, seed ${seed}, and decoded`,
  /** `milliseconds` is formatted. */
  batchTime: (milliseconds: string) => `Sampled and decoded in ${milliseconds} ms: 49 passes of the prior for all 16 at once.`,
  download: 'Download as PNG',
  batchHint: '“Sample 16” draws sixteen grids in one batch and decodes them.',
};
