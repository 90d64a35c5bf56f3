import type { WidgetStrings } from '../index.ts';

/** Strings of QuantizationPlayground, in Chinese. */
export const quantizationPlayground: WidgetStrings['quantizationPlayground'] = {
};
