/**
 * The sentences the engine hands to readers (backend warnings, fallback reasons, training stops, and
 * the checkpoint problems src/lib/vq/checkpoint.ts finds: the model module writes those itself, since it
 * imports nothing outside src/lib/vq, and tests/unit/vq-checkpoint.test.ts keeps the two in step), each
 * under a stable id with named slots. The engine writes them in English from these templates; a page
 * in another language reads a message back into its id and values (`parseEngineText`) and says it in
 * that language (src/lib/i18n/engine-messages.ts). A message not made here (one from the browser or
 * TF.js) has no id and is shown as it is.
 */
export const ENGINE_MESSAGES = {
  unknownBackend: 'Unknown backend "{requested}". Valid values are {valid}; choosing automatically.',
  notAvailable: 'not available in this browser',
  noWebGpu: 'navigator.gpu is missing: this browser has no WebGPU',
  noBackendCouldStart: 'No TF.js backend could start: {failures}',
  engineHasNoBackend: 'The engine has no backend: {reason}',
  workerFailed: 'The engine Worker failed to load',
  gpuLost: 'The GPU was lost ({detail}), so the engine moved to {backend} and rebuilt every model from the copy of its state it keeps in memory.',
  gpuLostTraining: 'The GPU was lost ({detail}), so the engine moved to {backend} and rebuilt every model from the copy of its state it keeps in memory. Training goes on from step {step}, where the last copy was taken; only the steps after it were lost.',
  noReasonGiven: 'no reason given',
  backendSwitched: 'The engine moved to {backend}, which measured fastest here.',
  diverged: '{count} steps in a row had a non-finite loss, so training stopped with the last good weights. Lower the learning rate, or reset the model.',
  stepRejectedWithValue: 'step {step} rejected: the {what} is not finite ({value}); the weights are unchanged',
  stepRejected: 'step {step} rejected: the {what} is not finite; the weights are unchanged',
  pickCheckpointFiles: 'Pick one .json file and its weights file; got {files}',
  noFiles: 'no files',
  checkpointUnreadable: 'Could not read the checkpoint: {detail}',
  notOurCheckpoint: 'Not a checkpoint of this project: its format is {format}, expected "{expected}"',
  wrongCheckpointKind: 'Not a {kind} checkpoint: its format is {format}, expected "{expected}"',
  truncatedWeights: 'The weight file has {bytes} bytes but the manifest describes {needed}: it is truncated or belongs to another checkpoint',
} as const;

export type EngineMessageId = keyof typeof ENGINE_MESSAGES;

type Slots<T extends string> = T extends `${string}{${infer S}}${infer Rest}` ? S | Slots<Rest> : never;

/** The values a message's slots take. */
export type EngineMessageValues<Id extends EngineMessageId> = Record<Slots<(typeof ENGINE_MESSAGES)[Id]>, string | number>;

/** A message in the engine's English, its slots filled. */
export function engineText<Id extends EngineMessageId>(id: Id, ...values: Slots<(typeof ENGINE_MESSAGES)[Id]> extends never ? [] : [EngineMessageValues<Id>]): string {
  const filled = (values[0] ?? {}) as Record<string, string | number>;
  return ENGINE_MESSAGES[id].replace(/\{(\w+)\}/g, (_, slot: string) => String(filled[slot]));
}

/** The slots of a message's template, in the order they appear. */
export function slotsOf(id: EngineMessageId): string[] {
  return [...ENGINE_MESSAGES[id].matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
}

const patterns = (Object.keys(ENGINE_MESSAGES) as EngineMessageId[]).map((id) => {
  const source = ENGINE_MESSAGES[id]
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? '(.*)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return { id, pattern: new RegExp(`^${source}$`, 's'), slots: slotsOf(id) };
});

/** A message the engine wrote, read back into its id and slot values; null for any other text. */
export function parseEngineText(text: string): { id: EngineMessageId; values: Record<string, string> } | null {
  for (const { id, pattern, slots } of patterns) {
    const match = pattern.exec(text);
    if (match) return { id, values: Object.fromEntries(slots.map((slot, i) => [slot, match[i + 1]])) };
  }
  return null;
}
