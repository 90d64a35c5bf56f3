/** What a lost device says about itself (WebGPU's GPUDeviceLostInfo). */
export type DeviceLostInfo = { message: string; reason?: string };

/**
 * How long a failed GPU read waits for its device's loss to be reported before it counts as a failure
 * of its own. Chromium rejects the reads in flight a few milliseconds before `device.lost` resolves.
 */
export const LOSS_GRACE_MS = 1000;

/** Where the engine stood with device losses when some work began, for `explains` once it fails. */
export type LossMark = { count: number; recovering: boolean };

/**
 * The engine's watch on the GPU device its models live on. When the device is lost, a recovery runs
 * (the engine moves to the next backend and rebuilds the models); work that failed because of the
 * loss can tell so from `explains`, wait for the recovery with `settled`, and try again.
 */
export class DeviceLosses {
  #watched: Promise<DeviceLostInfo> | null = null;
  #recovering: Promise<void> | null = null;
  #count = 0;

  /**
   * Watches one device's `lost` promise (null: the backend has no device to lose), in place of any
   * watched before; when it resolves, `recover` runs, once. A device the engine has moved off (a
   * measured winner) is not watched any more, so its loss changes nothing.
   */
  watch(lost: Promise<DeviceLostInfo> | null, recover: (info: DeviceLostInfo) => Promise<void>): void {
    this.#watched = lost;
    void lost?.then((info) => {
      if (this.#watched !== lost) return;
      this.#watched = null;
      this.#count += 1;
      const recovering: Promise<void> = recover(info)
        .catch(() => undefined)
        .finally(() => {
          if (this.#recovering === recovering) this.#recovering = null;
        });
      this.#recovering = recovering;
    });
  }

  /** Whether a recovery is under way now. */
  get recovering(): boolean {
    return this.#recovering !== null;
  }

  /** A mark to take before work that a loss could make fail. */
  mark(): LossMark {
    return { count: this.#count, recovering: this.#recovering !== null };
  }

  /**
   * Whether `error` came from a lost device: a loss began since `since`, or a recovery is under way, or
   * the watched device reports its loss within LOSS_GRACE_MS. A reader's own mistake (a bad request,
   * config or checkpoint) never waits.
   */
  async explains(error: unknown, since?: LossMark): Promise<boolean> {
    if (this.#recovering || (since && (since.count !== this.#count || since.recovering))) return true;
    const watched = this.#watched;
    if (!watched || isReadersMistake(error)) return false;
    return Promise.race([watched.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), LOSS_GRACE_MS))]);
  }

  /** Resolves once the recovery under way, if any, is over. */
  settled(): Promise<void> {
    return this.#recovering ?? Promise.resolve();
  }
}

/** An error the reader's request caused (the engine's own refusals, a config out of range, a bad checkpoint), which no device loss explains. */
function isReadersMistake(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const reason = (error as { reason?: string }).reason;
  if (reason !== undefined) return reason !== 'internal' && reason !== 'backend';
  return error instanceof RangeError || error.name === 'CheckpointError';
}
