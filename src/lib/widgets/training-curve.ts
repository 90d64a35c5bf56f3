/**
 * A pretrained checkpoint's training run, made small enough to draw: its per-step training log
 * (hundreds of KB) averaged over buckets of steps, with the held-out evaluations kept whole. The
 * training lab draws it as the run its checkpoint came from; `scripts/summarise-training-log.ts`
 * writes it next to each log, and a unit test checks the committed copies are what the script makes.
 */
import type { TrainMetrics } from '@vq-vae-live/vq';

/** The file a curve is written to, beside its checkpoint's model.json and training-log.json. */
export const CURVE_FILE = 'training-curve.json';

/** Steps averaged into each point: 300 points for 3,000 steps, more than a chart's width can show apart. */
export const CURVE_BUCKET = 10;

/** What one training step of the log says (the fields a curve uses). */
export type LoggedStep = Pick<TrainMetrics, 'step' | 'loss' | 'reconstruction' | 'codebook' | 'commitment' | 'perplexity' | 'deadCodes' | 'restarted' | 'rejected'>;

/** A training log as `scripts/train.ts` writes it (the fields a curve uses). */
export interface TrainingLog {
  model: string;
  dataset: string;
  config: Record<string, unknown>;
  batchSize: number;
  steps: number;
  metrics: LoggedStep[];
  evaluations: { step: number; images: number; heldOutMse: number }[];
}

/** The averaged metrics: one array per field, one entry per bucket. */
const AVERAGED = ['loss', 'reconstruction', 'codebook', 'commitment', 'perplexity', 'deadCodes'] as const;

/** A summarised run: the log's description, and per bucket the mean of each metric and the restarts. */
export interface TrainingCurve {
  model: string;
  dataset: string;
  config: Record<string, unknown>;
  batchSize: number;
  steps: number;
  bucket: number;
  /** The middle step of each bucket, where its means belong. */
  step: number[];
  loss: number[];
  reconstruction: number[];
  codebook: number[];
  commitment: number[];
  perplexity: number[];
  deadCodes: number[];
  /** Codes restarted within the bucket (a sum, not a mean). */
  restarted: number[];
  evaluations: { step: number; images: number; heldOutMse: number }[];
}

/** One point of a curve, in the fields the lab's charts draw. */
export type CurvePoint = { step: number } & Record<(typeof AVERAGED)[number], number>;

// Four significant figures: far finer than a chart shows, and it keeps the file at a few KB.
const round = (value: number) => Number(value.toPrecision(4));

/** The curve of a log: steps `bucket` at a time, rejected steps left out (their metrics were never applied). */
export function summariseTrainingLog(log: TrainingLog, bucket = CURVE_BUCKET): TrainingCurve {
  const applied = log.metrics.filter((m) => m.rejected === null);
  const curve: TrainingCurve = {
    model: log.model,
    dataset: log.dataset,
    config: log.config,
    batchSize: log.batchSize,
    steps: log.steps,
    bucket,
    step: [],
    loss: [],
    reconstruction: [],
    codebook: [],
    commitment: [],
    perplexity: [],
    deadCodes: [],
    restarted: [],
    evaluations: log.evaluations.map(({ step, images, heldOutMse }) => ({ step, images, heldOutMse })),
  };
  for (let start = 0; start < applied.length; start += bucket) {
    const steps = applied.slice(start, start + bucket);
    curve.step.push((steps[0].step + steps[steps.length - 1].step) / 2);
    for (const key of AVERAGED) curve[key].push(round(steps.reduce((sum, m) => sum + m[key], 0) / steps.length));
    curve.restarted.push(steps.reduce((sum, m) => sum + m.restarted, 0));
  }
  return curve;
}

/** The curve file's text: what the script writes and the test compares byte for byte. */
export function curveFileText(curve: TrainingCurve): string {
  return `${JSON.stringify(curve)}\n`;
}

/** A curve file's JSON, checked and ready to draw: a malformed file gives an error, never a wrong chart. */
export function readCurve(json: unknown): { points: CurvePoint[]; steps: number; batchSize: number; heldOutMse: number | null } {
  const curve = json as Partial<TrainingCurve> | null;
  const columns = [curve?.step, ...AVERAGED.map((key) => curve?.[key])];
  const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!curve || !finite(curve.steps) || !finite(curve.batchSize) || !columns.every((c) => Array.isArray(c) && c.length === curve.step!.length && c.every(finite))) {
    throw new Error(`${CURVE_FILE}: expected steps, batchSize and equal-length arrays of finite numbers for step, ${AVERAGED.join(', ')}`);
  }
  const points = curve.step!.map((step, i) => ({ step, ...Object.fromEntries(AVERAGED.map((key) => [key, curve[key]![i]])) }) as CurvePoint);
  const last = curve.evaluations?.at(-1)?.heldOutMse;
  return { points, steps: curve.steps, batchSize: curve.batchSize, heldOutMse: finite(last) ? last : null };
}
