import type { WidgetStrings } from '../index.ts';

/** Strings of CrossEntropyExplorer, in Chinese. */
export const crossEntropyExplorer: WidgetStrings['crossEntropyExplorer'] = {
};
