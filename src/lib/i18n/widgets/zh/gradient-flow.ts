import type { WidgetStrings } from '../index.ts';

/** Strings of GradientFlow, in Chinese. */
export const gradientFlow: WidgetStrings['gradientFlow'] = {
};
