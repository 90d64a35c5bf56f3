// The soak's arithmetic: least-squares slopes, and the one verdict that may fail a run, a tensor leak
// it can prove. Heaps move with the collector, the charts' history and the load on the machine, so
// their slopes are reported, never judged; a tensor count has no such noise once the widgets are
// idle, and a leak makes it climb turn after turn.

/** A value sampled at a time, in minutes since the run began. */
export interface Point {
  minute: number;
  value: number;
}

/** Least-squares slope of value against minute (per minute); null for fewer than two distinct minutes. */
export function slope(points: readonly Point[]): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const meanX = points.reduce((sum, p) => sum + p.minute, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.minute - meanX) ** 2;
    sxy += (p.minute - meanX) * (p.value - meanY);
  }
  return sxx === 0 ? null : sxy / sxx;
}

/** How many tensors more the last samples must all hold than every one of the first, for a leak. */
export const LEAK_MARGIN = 10;

/** Samples at the start left out of the verdict: caches fill on the first turns (the prior's codes, kernels). */
export function warmUpCount(samples: number, cycle: number): number {
  return Math.min(cycle, Math.floor(samples / 2));
}

/** What the tensor counts of one engine say. */
export interface LeakVerdict {
  verdict: 'leak' | 'flat' | 'too short';
  /** Tensors per minute after warm-up; null when too short. */
  slope: number | null;
  /** The first and last samples compared (after warm-up). */
  first: number[];
  last: number[];
  detail: string;
}

/**
 * A leak is proven when, after warm-up, the slope is positive AND each of the last `k` counts is
 * above every one of the first `k` by more than LEAK_MARGIN, `k` being a whole cycle of turns when
 * there are samples enough: a count that is merely high at one kind of turn, or that wobbles by a
 * tensor or two, never passes both.
 */
export function tensorVerdict(counts: readonly Point[], cycle: number): LeakVerdict {
  const judged = counts.slice(warmUpCount(counts.length, cycle));
  if (judged.length < 2) return { verdict: 'too short', slope: null, first: [], last: [], detail: `${counts.length} sample(s): too few to judge after warm-up` };
  const k = Math.max(1, Math.min(cycle, Math.floor(judged.length / 2)));
  const first = judged.slice(0, k).map((p) => p.value);
  const last = judged.slice(-k).map((p) => p.value);
  const rate = slope(judged);
  const rise = Math.min(...last) - Math.max(...first);
  const leak = rate !== null && rate > 0 && rise > LEAK_MARGIN;
  const detail = leak
    ? `tensors grow ${rate.toFixed(2)}/min; the last ${k} sample(s) (${last.join(', ')}) are all above the first ${k} (${first.join(', ')}) by ${rise} or more`
    : `no proven growth: slope ${rate === null ? 'n/a' : rate.toFixed(2)}/min, last ${k} (${last.join(', ')}) against first ${k} (${first.join(', ')}), margin ${LEAK_MARGIN}`;
  return { verdict: leak ? 'leak' : 'flat', slope: rate, first, last, detail };
}
