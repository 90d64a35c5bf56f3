/**
 * The training session under its first name, kept while TrainingLab and its lab-run still import it:
 * one class, `TrainingSession`, for models and priors. New code imports training-session.svelte.ts.
 */
export { TrainingSession as ModelSession } from './training-session.svelte.ts';
