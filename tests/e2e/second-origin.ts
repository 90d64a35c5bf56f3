import { modelPagePort } from './model-page.ts';

/** The port of the second origin: plain pages that use the site as another site would (tests/second-origin). */
export const secondOriginPort = modelPagePort + 1;

/** A page on the second origin, told where the site is with ?site=. */
export function secondOriginUrl(page: string, siteOrigin: string): string {
  return `http://127.0.0.1:${secondOriginPort}/${page}?site=${encodeURIComponent(siteOrigin)}`;
}
