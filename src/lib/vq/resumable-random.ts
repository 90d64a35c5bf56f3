import { mulberry32 } from './random.ts';
import { countersState, savedWhole, type TrainingState } from './training-state.ts';

/** The most draws a checkpoint may say a stream has made: far beyond any training run here (well under a second to replay). */
const MAX_DRAWS = 100_000_000;

/**
 * A seeded stream (mulberry32) that counts its draws, so a checkpoint can say where it stood and a
 * loaded model draw what the saved one would have drawn next. Replaying is cheap: a dead-code restart
 * draws once per code it moves.
 */
export class ResumableRandom {
  readonly #seed: number;
  #stream: () => number;
  #draws = 0;

  constructor(seed: number) {
    this.#seed = seed;
    this.#stream = mulberry32(seed);
  }

  /** The next float in [0, 1). Bound, so it can be handed on as a plain function. */
  readonly next = (): number => {
    this.#draws += 1;
    return this.#stream();
  };

  /** Where the stream stands, as a checkpoint's training state (`draws`); `field` names it in a refusal. */
  trainingState(field: string): TrainingState {
    return countersState(
      () => ({ draws: this.#draws }),
      (saved) => {
        // Bounded, so a doctored checkpoint cannot keep a load replaying for minutes.
        const draws = savedWhole(saved, `${field}.draws`, 'draws', MAX_DRAWS);
        return () => {
          this.#stream = mulberry32(this.#seed);
          for (let i = 0; i < draws; i++) this.#stream();
          this.#draws = draws;
        };
      },
    );
  }
}
