/**
 * The printed table: one row per backend × workload, our figure beside stock TF.js's and the ratio.
 * Speed ratios are ours ÷ stock (above 1 means we are faster); count ratios are stock ÷ ours (above 1
 * means we run fewer).
 */
import type { BackendResult, SideResult, WorkloadResult } from './protocol.ts';

const isSide = (side: WorkloadResult['ours'] | WorkloadResult['stock']): side is SideResult => 'msPerStep' in side;

function number(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Enough decimals for two or three significant figures on small rates (SwiftShader's 3 images/s). */
const digitsFor = (value: number) => (value < 10 ? 2 : value < 100 ? 1 : 0);

function ratio(top: number | null | undefined, bottom: number | null | undefined): string {
  if (top == null || bottom == null || !(bottom > 0) || !Number.isFinite(top)) return '–';
  return `${(top / bottom).toFixed(2)}×`;
}

/** Ours, stock and the ratio of one figure, or the reason a side has none. */
function triple(ours: SideResult | null, stock: SideResult | null, pick: (s: SideResult) => number | null, digits: number, ratioOf: 'oursOverStock' | 'stockOverOurs'): string[] {
  const a = ours ? pick(ours) : null;
  const b = stock ? pick(stock) : null;
  return [number(a, digits), number(b, digits), ratioOf === 'oursOverStock' ? ratio(a, b) : ratio(b, a)];
}

/**
 * readSync calls and, in brackets when fewer, those that had to fetch from the device. On wasm and cpu
 * the data is in CPU memory, so a "read" is a copy, not a wait: shown as –.
 */
function syncReads(side: SideResult | null): string {
  if (!side || side.dispatches === null) return '–';
  const all = number(side.syncReads, 1);
  return side.syncReadsFromDevice < side.syncReads ? `${all} (${number(side.syncReadsFromDevice, 1)})` : all;
}

const header = ['backend', 'workload', 'ms/step ours', 'stock', 'items/s ours', 'stock', 'speed ours÷stock', 'kernels ours', 'stock', 'stock÷ours', 'dispatches ours', 'stock', 'stock÷ours', 'sync reads ours', 'stock', 'async reads ours', 'stock'];

/** The rows of the table as cells, header first. */
export function tableRows(results: BackendResult[]): string[][] {
  const rows = [header];
  for (const backend of results) {
    if (backend.workloads.length === 0) rows.push([backend.backend, `did not run: ${backend.error ?? 'no workloads'}`]);
    for (const w of backend.workloads) {
      const ours = isSide(w.ours) ? w.ours : null;
      const stock = isSide(w.stock) ? w.stock : null;
      const name = `${w.workload}${w.unit === 'grid' ? ' (items = grids)' : ''}`;
      rows.push([
        backend.backend,
        name,
        ...triple(ours, stock, (s) => s.msPerStep, 1, 'oursOverStock').slice(0, 2),
        ...triple(ours, stock, (s) => s.itemsPerSecond, digitsFor(Math.min(ours?.itemsPerSecond ?? Infinity, stock?.itemsPerSecond ?? Infinity)), 'oursOverStock'),
        ...triple(ours, stock, (s) => s.kernels, 0, 'stockOverOurs'),
        ...triple(ours, stock, (s) => s.dispatches, 0, 'stockOverOurs'),
        syncReads(ours),
        syncReads(stock),
        ...triple(ours, stock, (s) => s.asyncReads, 1, 'stockOverOurs').slice(0, 2),
      ]);
      if (!ours) rows.push([backend.backend, `  ours failed: ${(w.ours as { error: string }).error}`]);
      if (!stock) rows.push([backend.backend, `  stock: ${'error' in w.stock ? `failed: ${w.stock.error}` : (w.stock as { skipped: string }).skipped}`]);
    }
    if (backend.workloads.length > 0 && backend.error) rows.push([backend.backend, `stopped: ${backend.error}`]);
  }
  return rows;
}

/** The table as Markdown, columns padded so it also reads as plain text. */
export function markdownTable(results: BackendResult[]): string {
  const rows = tableRows(results);
  const width = header.length;
  const full = rows.filter((r) => r.length === width);
  const widths = header.map((_, i) => Math.max(...full.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const out: string[] = [];
  const notes: string[] = [];
  rows.forEach((row, index) => {
    if (row.length !== width) {
      notes.push(`- ${row[0]}: ${row[1]!.trim()}`);
      return;
    }
    out.push(line(row));
    if (index === 0) out.push(`| ${widths.map((w, i) => (i < 2 ? '-'.repeat(w) : `${'-'.repeat(Math.max(1, w - 1))}:`)).join(' | ')} |`);
  });
  return [...out, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** What the columns mean, printed under the table. */
export const legend = [
  'ms/step: wall time of one step (a training step, one sampled 7×7 grid, one encode+decode): median over rounds of (a few steps back to back, then a wait for the GPU) per step; ours and stock alternate round by round.',
  'items/s: images (grids for the prior) per second at that median. speed ours÷stock > 1: ours is faster.',
  'kernels: kernels in one step, as tf.profile lists them. dispatches: shader programs run per step (webgpu runWebGPUProgram, webgl runWebGLProgram). stock÷ours > 1: ours runs fewer.',
  'sync reads: readSync calls per step, blocking GPU→CPU reads (in brackets when fewer: those whose values were still on the GPU); – on wasm, whose data is in CPU memory. async reads: read calls per step (await data()).',
];
