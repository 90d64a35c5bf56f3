import type { WidgetStrings } from '../index.ts';

/** Strings of TrainingLab, in Chinese. */
export const trainingLab: WidgetStrings['trainingLab'] = {
};
