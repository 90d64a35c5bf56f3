import type { WidgetStrings } from '../index.ts';

/** Strings of VariantArena, in Chinese. */
export const variantArena: WidgetStrings['variantArena'] = {
};
