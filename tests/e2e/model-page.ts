/** The model page's port: next to the site's, served by Playwright's second web server (playwright.config.ts). */
export const modelPagePort = Number(process.env.E2E_PORT ?? 4329) + 1;

/** The address of the model page (tests/model-page), which puts the model module on `window.modelPage`. */
export function modelPageUrl(): string {
  return `http://127.0.0.1:${modelPagePort}/`;
}
