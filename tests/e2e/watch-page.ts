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
  // A reload or a new address aborts what the old document (and its Workers) still had in flight; that is
  // the browser tidying up, not a failure. Any other failed request is one.
  const startedInDocument = new WeakMap<object, number>();
  let documents = 0;
  page.on('request', (request) => {
    // The main frame's navigation request comes first, before the old document's requests are aborted.
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) documents++;
    startedInDocument.set(request, documents);
  });
  page.on('requestfailed', (request) => {
    const errorText = request.failure()?.errorText;
    if (errorText === 'net::ERR_ABORTED' && (startedInDocument.get(request) ?? documents) < documents) return;
    problems.push(`request failed: ${request.url()} (${errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(request.url());
  });
  return { problems, scripts };
}
