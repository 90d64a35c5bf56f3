import type { WidgetStrings } from '../index.ts';

/** Strings of MaskedConvExplorer, in Chinese. */
export const maskedConvExplorer: WidgetStrings['maskedConvExplorer'] = {
};
