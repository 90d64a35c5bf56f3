import type { WidgetStrings } from '../index.ts';

/** Strings of ResidualStages, in Chinese. */
export const residualStages: WidgetStrings['residualStages'] = {
};
