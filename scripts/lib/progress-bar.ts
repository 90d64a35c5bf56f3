/**
 * A one-line progress bar on stderr: redrawn in place on a terminal, and a line every tenth of the
 * way when stderr is a file or a CI log, so logs stay short.
 */
export class ProgressBar {
  readonly #total: number;
  readonly #start = performance.now();
  #lastTenth = -1;

  constructor(total: number) {
    this.#total = total;
  }

  /** Shows `done` of the total, with a status text. */
  update(done: number, status: string): void {
    const fraction = done / this.#total;
    const elapsed = (performance.now() - this.#start) / 1000;
    const eta = done > 0 ? (elapsed / done) * (this.#total - done) : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.#total} · ${status} · ETA ${formatSeconds(eta)}`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r${line.slice(0, process.stderr.columns - 1)}`);
    } else if (Math.floor(fraction * 10) > this.#lastTenth) {
      this.#lastTenth = Math.floor(fraction * 10);
      process.stderr.write(`${line}\n`);
    }
  }

  /** Ends the line. */
  done(): void {
    if (process.stderr.isTTY) process.stderr.write('\n');
  }
}

function formatSeconds(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}
