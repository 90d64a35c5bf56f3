import type { WidgetStrings } from '../index.ts';

/** Strings of BackendBadge, in Chinese. */
export const backendBadge: WidgetStrings['backendBadge'] = {
};
