import type { WidgetStrings } from '../index.ts';

/** Strings of HierarchyView, in Chinese. */
export const hierarchyView: WidgetStrings['hierarchyView'] = {
};
