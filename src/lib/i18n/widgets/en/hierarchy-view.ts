/** Strings of HierarchyView, in English. Numbers come formatted. */
export const hierarchyView = {
  startError: (message: string) => `The two-level model could not start: ${message}`,
  noTopGrid: 'the model gave no top grid',
  pickDigit: 'Pick a test digit',
  topHeading: (height: string, width: string) => `Top: ${height}×${width} codes`,
  topNote: 'Each cell covers about a third of the digit. Select one to change its code.',
  topGrid: (height: string, width: string) => `The ${height}×${width} top grid of code indices. Select a cell to change its code.`,
  bottomHeading: (height: string, width: string) => `Bottom: ${height}×${width} codes`,
  bottomNote: 'Chosen by the encoder knowing the top; kept as they are when you edit the top.',
  bottomGrid: (height: string, width: string) => `The ${height}×${width} bottom grid of code indices, fixed while the top is edited`,
  picturesHeading: 'What the decoder draws',
  inputImage: 'The test digit',
  input: 'input',
  encodedImage: "Decoded from the encoder's own top and bottom codes",
  encoded: 'encoded',
  editedImage: 'Decoded from the edited grids',
  edited: 'edited',
  changeImage: 'Where the edit changed the picture, scaled so the largest change is white',
  change: 'change (scaled)',
  /** After edits: how many codes differ at each level, and how much the decoded digit changed. */
  changeSummary: (topEdits: string, topCells: string, bottomEdits: string, bottomCells: string, mean: string, largest: string) =>
    `${topEdits} of ${topCells} top codes and ${bottomEdits} of ${bottomCells} bottom codes differ from the encoder's: the decoded digit changed by ${mean} per pixel on average, ${largest} at most.`,
  noEdits: 'No edits yet: the edited picture is the plain reconstruction.',
  undo: 'Undo edits',
  swapLegend: "Or swap a whole level with another digit's",
  otherDigit: 'Other test digit',
  otherOption: (n: string, digit: string) => `Test image ${n}, a ${digit}`,
  useTop: 'Use its top grid',
  useBottom: 'Use its bottom grid',
  loading: 'Loading the two-level model…',
  paletteHeading: 'Pick a top code for the selected cell',
  /** The selected cell's code; `chosen` is the encoder's code when the reader changed it, else ''. */
  selected: (row: string, column: string, code: string, chosen: string) =>
    `Top cell ${row}, ${column} holds code ${code}${chosen ? ` (the encoder chose ${chosen})` : ''}. Each picture below is the digit with that top code here and the same bottom codes.`,
  palette: "The top codebook: each code in the selected cell, decoded with this digit's bottom codes",
  decodingPalette: 'Decoding every top code in this cell…',
  caption: (parameters: string) =>
    `The two-level model from the benchmarks (${parameters} parameters, 64 codes at each level). The top grid is computed first, from a coarser feature map; the bottom encoder then sees the top's decoded features, and so does the decoder.`,
};
