/** Strings of EncodeDecode, in English. */
export const encodeDecode = {
  startError: (message: string) => `The model could not start: ${message}`,
  drawHeading: '1. Draw a digit',
  pickTestDigit: 'Or pick a test digit',
  codesHeading: "2. The encoder's codes",
  inputImage: 'The input digit, as the encoder sees it',
  gridLabel: (height: number, width: number) => `The ${height}×${width} grid of code indices. Select a cell to change its code.`,
  loading: 'Loading the pretrained model…',
  outputHeading: "3. The decoder's image",
  outputImage: 'The image decoded from the code grid',
  outputImageEdited: (edited: number) => `The image decoded from the code grid, with ${edited} edited cell${edited === 1 ? '' : 's'}`,
  undo: 'Undo edits',
  /** `codebookSize` is formatted. */
  caption: (codebookSize: string) =>
    `Each of the 49 cells holds one of the codebook's ${codebookSize} codes. Hover a cell to see the patch of the input it mostly describes; select it to swap its code and watch the decoder redraw the digit.`,
};
