import type { Page } from '@playwright/test';

/**
 * Records everything on a page that a reader would call broken: console errors, uncaught exceptions,
 * failed requests and HTTP errors. Attach it before navigating.
 */
export function watchPage(page: Page) {
  const problems: string[] = [];
  const scripts: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    // WebGPU validation errors arrive as warnings, yet they void whole command buffers: results are silently wrong.
    else if (/is invalid due to a previous error|exceeds the maximum|While validating/.test(message.text())) problems.push(`WebGPU validation: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  // net::ERR_ABORTED is always the page's own doing: a reload aborts what the old document and its Workers
  // had in flight, a backend trial that ran out of time has its Worker terminated mid-import, a fetch is
  // cancelled. A file that is really missing or refused shows as an HTTP error (below), another net error
  // here, or a console error; an abort is none of those.
  page.on('requestfailed', (request) => {
    const errorText = request.failure()?.errorText;
    if (errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${request.url()} (${errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  return { problems, scripts };
}
