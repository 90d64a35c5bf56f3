// The soak's figures: one row per minute (a turn and the memory read after it), the slopes after
// warm-up, and a Markdown table of every fifth minute for docs/benchmarks.md.
import type { MemoryReading } from './memory-probe.ts';
import type { TurnResult } from './turns.ts';
import { slope, tensorVerdict, warmUpCount, type LeakVerdict, type Point } from './verdict.ts';

/** One minute of the soak: the turn it ran and both engines' memory read afterwards, all idle. */
export interface Sample {
  /** Minutes since the soak began, when the reading was taken. */
  minute: number;
  turn: TurnResult;
  lab: MemoryReading;
  prior: MemoryReading;
  /** Console errors, uncaught exceptions and failed requests on either page so far. */
  problems: number;
  /** The machine's one-minute load average at the reading: the rates move with it on a shared machine. */
  load1: number;
}

/** The slopes of one engine, per minute, after warm-up. */
export interface EngineSlopes {
  tensorsPerMin: number | null;
  kbPerMin: number | null;
  pageHeapMbPerMin: number | null;
  workerHeapMbPerMin: number | null;
  verdict: LeakVerdict;
}

/** Everything the soak concludes. */
export interface Summary {
  warmUpSamples: number;
  lab: EngineSlopes;
  prior: EngineSlopes;
  /** Change of the turn's rate per minute: steps/s for the lab and the prior, grids/min for the sampler. */
  rateSlopes: { lab: number | null; prior: number | null; sampler: number | null };
  /** Mean rates after warm-up, in the same units. */
  meanRates: { lab: number | null; prior: number | null; sampler: number | null };
  leak: boolean;
}

const MB = 2 ** 20;

/** A turn's rate: steps per second when training, grids per minute when sampling. */
export function rateOf(turn: TurnResult): number {
  return turn.kind === 'sampler' ? (turn.work / turn.seconds) * 60 : turn.work / turn.seconds;
}

const rateText = (turn: TurnResult) => (turn.kind === 'sampler' ? `${rateOf(turn).toFixed(1)} grids/min` : `${rateOf(turn).toFixed(2)} steps/s`);

function engineSlopes(samples: readonly Sample[], pick: (s: Sample) => MemoryReading, cycle: number): EngineSlopes {
  const judged = samples.slice(warmUpCount(samples.length, cycle));
  const along = (value: (r: MemoryReading) => number): Point[] => judged.map((s) => ({ minute: s.minute, value: value(pick(s)) }));
  return {
    tensorsPerMin: slope(along((r) => r.tf.numTensors)),
    kbPerMin: slope(along((r) => r.tf.numBytes / 1024)),
    pageHeapMbPerMin: slope(along((r) => r.pageHeapBytes / MB)),
    workerHeapMbPerMin: slope(along((r) => r.workerHeapBytes / MB)),
    verdict: tensorVerdict(samples.map((s) => ({ minute: s.minute, value: pick(s).tf.numTensors })), cycle),
  };
}

/** The slopes and the verdict of a soak whose turns come in cycles of `cycle`. */
export function summarise(samples: readonly Sample[], cycle: number): Summary {
  const judged = samples.slice(warmUpCount(samples.length, cycle));
  const rates = (kind: TurnResult['kind']) => judged.filter((s) => s.turn.kind === kind).map((s) => ({ minute: s.minute, value: rateOf(s.turn) }));
  const mean = (points: Point[]) => (points.length ? points.reduce((sum, p) => sum + p.value, 0) / points.length : null);
  const lab = engineSlopes(samples, (s) => s.lab, cycle);
  const prior = engineSlopes(samples, (s) => s.prior, cycle);
  return {
    warmUpSamples: warmUpCount(samples.length, cycle),
    lab,
    prior,
    rateSlopes: { lab: slope(rates('lab')), prior: slope(rates('prior')), sampler: slope(rates('sampler')) },
    meanRates: { lab: mean(rates('lab')), prior: mean(rates('prior')), sampler: mean(rates('sampler')) },
    leak: lab.verdict.verdict === 'leak' || prior.verdict.verdict === 'leak',
  };
}

const mb = (bytes: number) => (bytes / MB).toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(0);

/** A Markdown table of `samples`: minute, turn, rate, and each engine's tensors, tf bytes and both heaps. */
export function markdownTable(samples: readonly Sample[]): string {
  const head = '| min | turn | rate | lab tensors | lab tf KB | lab page heap MB | lab worker heap MB | prior tensors | prior tf KB | prior page heap MB | prior worker heap MB | problems |';
  const rule = `|${' --- |'.repeat(12)}`;
  const rows = samples.map((s) =>
    `| ${s.minute.toFixed(1)} | ${s.turn.kind} | ${rateText(s.turn)} | ${s.lab.tf.numTensors} | ${kb(s.lab.tf.numBytes)} | ${mb(s.lab.pageHeapBytes)} | ${mb(s.lab.workerHeapBytes)} | ${s.prior.tf.numTensors} | ${kb(s.prior.tf.numBytes)} | ${mb(s.prior.pageHeapBytes)} | ${mb(s.prior.workerHeapBytes)} | ${s.problems} |`,
  );
  return [head, rule, ...rows].join('\n');
}

/** Every `every`-th sample (the 5th, 10th, …), with the first and the last, for a table short enough to quote. */
export function everyNth(samples: readonly Sample[], every: number): Sample[] {
  return samples.filter((_, i) => i === 0 || (i + 1) % every === 0 || i === samples.length - 1);
}

const signed = (value: number | null, digits: number) => (value === null ? 'n/a' : `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`);

/** The slopes and verdicts as lines of text. */
export function summaryLines(summary: Summary): string[] {
  const engine = (name: string, e: EngineSlopes) =>
    `${name}: tensors ${signed(e.tensorsPerMin, 2)}/min, tf bytes ${signed(e.kbPerMin, 2)} KB/min, page heap ${signed(e.pageHeapMbPerMin, 3)} MB/min, worker heap ${signed(e.workerHeapMbPerMin, 3)} MB/min; ${e.verdict.verdict}: ${e.verdict.detail}`;
  const rate = (value: number | null, unit: string) => (value === null ? 'n/a' : `${value.toFixed(2)} ${unit}`);
  return [
    `slopes after the first ${summary.warmUpSamples} sample(s) (warm-up), least squares per minute:`,
    engine('  lab engine (chapter 4)', summary.lab),
    engine('  prior engine (chapter 5)', summary.prior),
    `  rates: lab ${rate(summary.meanRates.lab, 'steps/s')} (${signed(summary.rateSlopes.lab, 3)} steps/s per min), prior ${rate(summary.meanRates.prior, 'steps/s')} (${signed(summary.rateSlopes.prior, 3)} steps/s per min), sampler ${rate(summary.meanRates.sampler, 'grids/min')} (${signed(summary.rateSlopes.sampler, 3)} grids/min per min)`,
    summary.leak ? 'VERDICT: tensor leak proven' : 'VERDICT: no tensor leak proven',
  ];
}
