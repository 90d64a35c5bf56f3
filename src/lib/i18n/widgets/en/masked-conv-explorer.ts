/**
 * Strings of MaskedConvExplorer, in English. Numbers are small whole numbers (rows, columns, layer and
 * pixel counts on a 15×15 grid), passed as numbers: the grammar of a sentence may depend on them.
 */
export const maskedConvExplorer = {
  kernelSize: 'Kernel size',
  /** The group of the two layer buttons. */
  layers: 'Layers',
  add: 'Add a type-B layer',
  remove: 'Remove the last layer',
  stackLabel: 'The stack, input first',
  /** One layer of the stack: its place (from 1), its mask type (A or B) and its kernel size. */
  stackItem: (index: number, type: string, kernel: number) => `${index}: type ${type}, ${kernel}×${kernel}`,
  /** Between the mask types listed in the summary: "A, B, B". */
  typeSeparator: ', ',
  /** The picker's aria-label; row and column count from 1. */
  picker: (size: number, row: number, column: number) =>
    `Output pixel picker, ${size} by ${size}: arrow keys move the chosen pixel, now at row ${row}, column ${column}`,
  /** The legend: what each pixel is to the chosen output. */
  roles: {
    target: 'the output pixel',
    seen: 'seen',
    blind: 'blind spot',
    unreached: 'not reached yet',
    future: 'after it',
  },
  masksHeading: (kernel: number) => `The ${kernel}×${kernel} masks`,
  /** A mask's aria-label: `kept` of `total` weights. */
  maskLabelA: (kept: number, total: number) => `Type A mask: ${kept} of ${total} weights kept, those before the centre`,
  maskLabelB: (kept: number, total: number) => `Type B mask: ${kept} of ${total} weights kept, those before the centre and the centre itself`,
  maskKept: (type: string, kept: number) => `Type ${type}: ${kept} kept`,
  /** The summary under the grid; `types` lists the layers' mask types, joined by `typeSeparator`; row and column count from 1. */
  summary: (layers: number, kernel: number, types: string, row: number, column: number, seen: number, preceding: number, blind: number, unreached: number) =>
    `${layers} ${layers === 1 ? 'layer' : 'layers'} of ${kernel}×${kernel} (${types}). ` +
    `The output at row ${row}, column ${column} sees ${seen} of the ${preceding} pixels before it. ` +
    `${blind} of them ${blind === 1 ? 'is' : 'are'} in the blind spot above and to the right, which no depth of this stack ever sees; ` +
    `${unreached} more ${unreached === 1 ? 'is' : 'are'} only out of reach for now.`,
  hint: 'Click a pixel, or focus the grid and use the arrow keys, to choose the output.',
};
