import type { WidgetStrings } from '../index.ts';

/** Strings of PriorLab, in Chinese. */
export const priorLab: WidgetStrings['priorLab'] = {
};
