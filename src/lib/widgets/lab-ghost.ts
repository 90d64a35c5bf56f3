/**
 * The run the training lab keeps on its charts for comparison, drawn as a ghost beside the current
 * one: the pretrained checkpoint's own training (from its summarised log), or the reader's run that
 * a new model replaced, its steps counted from its start.
 */
import type { MetricPoint } from '../engine/protocol.ts';
import { CURVE_FILE, readCurve, type CurvePoint } from './training-curve.ts';

/** A run kept for comparison; a pretrained one also says how it was trained and how it ended. */
export type Ghost = { kind: 'pretrained' | 'previous'; points: CurvePoint[]; steps: number; batchSize?: number; heldOutMse?: number | null };

/**
 * The run a new model replaces, as the ghost. When it continued the ghost (the checkpoint's own
 * run, at the model's own step numbers) the two make one run from step 0; otherwise it is counted
 * from its own first step.
 */
export function replacedRun(run: MetricPoint[], continued: Ghost | null): Ghost {
  if (continued) return { kind: 'previous', points: [...continued.points, ...run], steps: continued.steps + run.length };
  const start = run[0].step - 1;
  return { kind: 'previous', points: run.map((p) => ({ ...p, step: p.step - start })), steps: run.length };
}

/** The training run that made a pretrained checkpoint, or null when it cannot be read: the lab works without it. */
export async function pretrainedCurve(name: string) {
  try {
    const response = await fetch(`${import.meta.env.BASE_URL}models/${name}/${CURVE_FILE}`);
    return response.ok ? readCurve(await response.json()) : null;
  } catch {
    return null;
  }
}
