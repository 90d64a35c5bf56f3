/**
 * The training lab's model and its run, as reactive state: it builds the model the lab controller's
 * settings describe (the pretrained checkpoint when one matches, otherwise a fresh one), remembers
 * where the run started from, and keeps the run it replaced, or the checkpoint's own, as the ghost
 * the charts compare with.
 */
import type { Lang } from '../content/chapter-schema.ts';
import type { DatasetName } from '../data/manifest.ts';
import type { TrainingSession } from '../engine/training-session.svelte.ts';
import { engineMessage } from '../i18n/engine-messages.ts';
import { widgetStrings } from '../i18n/widgets/index.ts';
import { liveSettings, type LabController } from './lab-controller.svelte.ts';
import { pretrainedCurve, replacedRun, type Ghost } from './lab-ghost.ts';
import { modelConfig, needsNewModel, pretrainedFor } from './lab-settings.ts';

/** What of a training session the lab's run uses. */
export type LabSession = Pick<TrainingSession, 'history' | 'info' | 'pause' | 'create' | 'set' | 'reset' | 'useData' | 'clearHistory' | 'tell'>;

/** The lab's run; `build` replaces the model, and the ghost follows. */
export class LabRun {
  /** Whether the model on screen came from a pretrained checkpoint or from fresh weights. */
  startedFrom = $state<'pretrained' | 'scratch'>('pretrained');
  /** The run kept on the charts for comparison. */
  ghost = $state.raw<Ghost | null>(null);
  /** The current run continues the ghost (the checkpoint's own run), so both are drawn at the model's own step numbers. */
  continuesGhost = $state(false);

  readonly #lab: LabController;
  readonly #options: { lang: () => Lang; batchSize: number };

  constructor(lab: LabController, options: { lang: () => Lang; batchSize: number }) {
    this.#lab = lab;
    this.#options = options;
  }

  /**
   * Builds the model the settings describe: the pretrained checkpoint when one matches (unless
   * `fresh`), otherwise a fresh one. The run being replaced stays on the charts as the ghost.
   * Returns the dataset the model trains on.
   */
  async build(session: LabSession, fresh = false): Promise<DatasetName> {
    const lab = this.#lab;
    // A run of one step draws no line: nothing worth keeping.
    if (session.history.length > 1) this.ghost = replacedRun(session.history, this.continuesGhost ? this.ghost : null);
    this.continuesGhost = false;
    await session.pause();
    const { dataset } = lab.settings;
    const config = modelConfig(lab.settings);
    const pretrained = fresh ? null : pretrainedFor(lab.settings);
    if (pretrained) {
      // Fetched beside the checkpoint, not after it, so the curve costs the first picture no time.
      const curve = pretrainedCurve(pretrained);
      // Without the checkpoint the lab still works: it starts untrained and says why.
      const outcome = await session.create({ config, checkpoint: `${import.meta.env.BASE_URL}models/${pretrained}/model.json`, fallbackToScratch: true });
      if (outcome.built === 'checkpoint' && session.info) {
        await session.set(liveSettings(lab.settings));
        this.startedFrom = 'pretrained';
        // The checkpoint's own run is the history of the model now on screen, so it is the one to compare with.
        const run = await curve;
        if (run && run.steps === session.info.step) {
          this.ghost = { kind: 'pretrained', ...run };
          this.continuesGhost = true;
        }
      } else {
        this.startedFrom = 'scratch';
        const lang = this.#options.lang();
        session.tell(widgetStrings(lang).trainingLab.pretrainedFailed(engineMessage(lang, outcome.checkpointProblem ?? '', false)));
      }
    } else if (session.info && !needsNewModel(lab.applied, lab.settings)) {
      await session.reset(config);
      this.startedFrom = 'scratch';
    } else {
      await session.create({ config });
      this.startedFrom = 'scratch';
    }
    session.clearHistory();
    session.useData({ dataset, batchSize: this.#options.batchSize });
    lab.markApplied();
    return dataset;
  }

  /** Another model was opened from a checkpoint: its steps no longer continue the pretrained run, and the controls take its settings. */
  opened(session: LabSession): void {
    this.continuesGhost = false;
    if (session.info) this.#lab.adopt(session.info.config);
  }
}
