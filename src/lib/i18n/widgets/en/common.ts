import { engineText } from '../../../engine/messages.ts';

/** Strings of the widgets' shared parts (charts, inputs, progress, errors), in English. */
export const common = {
  histogram: {
    /** The chart's accessible name: its label, then what it shows. Numbers come formatted. */
    summary: (label: string, used: string, total: string, dead: string) => `${label}: ${used} of ${total} codes used in the latest batch, ${dead} dead`,
    axis: (last: string) => `code 0 … ${last}`,
  },
  codeGrid: {
    cell: (row: string, column: string, content: string) => `Row ${row}, column ${column}: ${content}`,
    code: (code: string) => `code ${code}`,
    notSampled: 'not sampled yet',
    edited: ', edited',
  },
  atomPalette: {
    code: (code: string) => `Code ${code}`,
  },
  latentScatter: {
    label: (label: string) => `${label}. Click, or use the arrow keys, to decode a point.`,
  },
  projectionPlot: {
    summary: (label: string, outputs: string, codes: string, dead: string) => `${label}: ${outputs} encoder outputs and ${codes} codes, ${dead} of them dead`,
  },
  drawingPad: {
    label: 'Drawing area: draw a digit with a mouse, pen or finger',
    clear: 'Clear',
  },
  editableCodeGrid: {
    heading: 'Pick a code for the selected cell',
    selected: (row: string, column: string, code: string) => `Row ${row}, column ${column} holds code ${code}. Pick a code below to replace it.`,
    palette: 'The codebook: each code drawn alone on a blank background',
  },
  testDigitPicker: {
    image: (n: string, label: string) => `Test image ${n}, a ${label}`,
    /** `action` is what the button does, such as "Start from the codes of". */
    imageWithAction: (action: string, n: string, label: string) => `${action} test image ${n}, a ${label}`,
  },
  /**
   * The engine's messages (src/lib/engine/messages.ts), one per id, its slots in the template's order.
   * English pages show the engine's own text; these say the same in another language.
   */
  engine: {
    unknownBackend: (requested: string, valid: string) => engineText('unknownBackend', { requested, valid }),
    notAvailable: engineText('notAvailable'),
    noWebGpu: engineText('noWebGpu'),
    noBackendCouldStart: (failures: string) => engineText('noBackendCouldStart', { failures }),
    engineHasNoBackend: (reason: string) => engineText('engineHasNoBackend', { reason }),
    workerFailed: engineText('workerFailed'),
    gpuLost: (detail: string, backend: string) => engineText('gpuLost', { detail, backend }),
    gpuLostTraining: (detail: string, backend: string, step: string) => engineText('gpuLostTraining', { detail, backend, step }),
    noReasonGiven: engineText('noReasonGiven'),
    backendSwitched: (backend: string) => engineText('backendSwitched', { backend }),
    diverged: (count: string) => engineText('diverged', { count }),
    stepRejectedWithValue: (step: string, what: string, value: string) => engineText('stepRejectedWithValue', { step, what, value }),
    stepRejected: (step: string, what: string) => engineText('stepRejected', { step, what }),
    pickCheckpointFiles: (files: string) => engineText('pickCheckpointFiles', { files }),
    noFiles: engineText('noFiles'),
    checkpointUnreadable: (detail: string) => engineText('checkpointUnreadable', { detail }),
    notOurCheckpoint: (format: string, expected: string) => engineText('notOurCheckpoint', { format, expected }),
    wrongCheckpointKind: (kind: string, format: string, expected: string) => engineText('wrongCheckpointKind', { kind, format, expected }),
    truncatedWeights: (bytes: string, needed: string) => engineText('truncatedWeights', { bytes, needed }),
    /** One backend that could not start, in a list of them. */
    failure: (backend: string, reason: string) => `${backend} (${reason})`,
    /** Between the items of a list in a message. */
    listSeparator: '; ',
    comma: ', ',
    /** What was not finite in a rejected step. */
    loss: 'loss',
    gradient: 'gradient',
    /** Before a message the engine passed on from the browser or TF.js, which has no translation. */
    unknown: (message: string) => message,
  },
};
