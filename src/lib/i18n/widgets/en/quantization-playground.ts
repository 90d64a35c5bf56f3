/** Strings of QuantizationPlayground, in English. */
export const quantizationPlayground = {
  codebookSize: 'Codebook size K',
  redraw: 'Draw a new codebook',
  kRefused: (min: number, max: number, current: number) => `K must be a whole number from ${min} to ${max}; it stays ${current}.`,
  planeLabel: 'A two-dimensional codebook with its Voronoi cells, and encoder outputs you can move',
  movablePoint: 'movable point',
  /** An output's accessible name before the widget has started; `x` and `y` are formatted. */
  outputLabel: (output: number, x: string, y: string) => `Encoder output ${output} at (${x}, ${y}). Arrow keys move it.`,
  outputLabelNearest: (output: number, x: string, y: string, code: number) => `Encoder output ${output} at (${x}, ${y}), nearest code ${code}. Arrow keys move it.`,
  /** One output in the live summary; `x`, `y` and `distance` are formatted. */
  summaryItem: (output: number, x: string, y: string, code: number, distance: string) => `output ${output} at (${x}, ${y}) → code ${code}, distance ${distance}`,
  listSeparator: '; ',
  /** The caption, around its two symbols: before z, between z and z_q, after z_q. */
  captionBeforeZ:
    'Squares are the K codes, each with its Voronoi cell: the region of points closer to it than to any other code. Circles are encoder outputs ',
  captionBetween: '; drag them (or focus one and use the arrow keys), and the line shows the move to ',
  captionAfterZq: ', the code that replaces it.',
};
