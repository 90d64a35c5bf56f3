import type { WidgetStrings } from '../index.ts';

/** Strings of the widgets' shared parts (charts, inputs, progress, errors), in Chinese. */
export const common: WidgetStrings['common'] = {
};
