import { mkdir } from 'node:fs/promises';
import { expect, test } from './test.ts';
import { secondOriginUrl } from './second-origin.ts';
import { watchPage } from './watch-page.ts';

// The embeds as another site uses them: pages on a second origin (tests/second-origin, served as an
// ordinary host would, with none of the site's headers) load the elements' script or the iframe
// from the site. The elements' Worker then starts through a same-origin blob that imports the
// site's worker script, and everything it fetches comes from the site by absolute URL, with CORS.
test.describe.configure({ timeout: 240_000 });

const shots = process.env.EMBED_SHOTS ?? 'test-results/embeds';
const site = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1:4329').origin;

test.beforeAll(async () => {
  await mkdir(shots, { recursive: true });
});

/** The engine's failures are the widget's too, and a widget may not catch every request the failure ends; nothing else may be thrown. */
const onlyEngineErrors = (uncaught: string[], message: string) => expect(uncaught.filter((text) => text !== message)).toEqual([]);

test('on another origin, <vq-training-lab backend="wasm"> trains and <vq-quantization-playground> responds; the page keeps its address', async ({ page }) => {
  const watched = watchPage(page);
  const url = secondOriginUrl('elements.html', site());
  await page.goto(url);

  const playground = page.locator('vq-quantization-playground [data-widget="QuantizationPlayground"]');
  await expect(playground).toHaveAttribute('data-status', 'ready');
  await expect(playground).toHaveAttribute('data-k', '5');
  await expect(page.locator('vq-quantization-playground')).toHaveAttribute('data-embed', 'ok');
  const before = await playground.getAttribute('data-assignments');
  expect(before).toMatch(/^\d+(,\d+)+$/);
  await playground.locator('[data-action="redraw"]').click();
  await expect.poll(() => playground.getAttribute('data-assignments')).not.toBe(before);

  const element = page.locator('vq-training-lab');
  const lab = element.locator('[data-widget="TrainingLab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(element).toHaveAttribute('data-embed', 'ok');
  await expect(lab.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-backend', 'wasm');
  // The checkpoint and its training curve came from the site's /models/, across origins.
  await expect(lab).toHaveAttribute('data-started-from', 'pretrained');
  await expect(lab).toHaveAttribute('data-ghost-kind', 'pretrained');
  // The engine runs in a Worker that a blob of this page's origin started.
  expect(page.workers().map((worker) => worker.url()).some((address) => address.startsWith(`blob:${new URL(url).origin}/`))).toBe(true);

  const start = Number(await lab.getAttribute('data-step'));
  await lab.locator('[data-action="train"]').click();
  // Training reads the dataset from the site's /data/, across origins, in that Worker.
  await expect.poll(async () => Number(await lab.getAttribute('data-step')), { timeout: 150_000 }).toBeGreaterThanOrEqual(start + 5);
  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  const loss = Number(await lab.getAttribute('data-loss'));
  expect(loss).toBeGreaterThan(0);
  expect(Number.isFinite(loss)).toBe(true);

  // The backend went to the engine as an option: the host page's address is as it was.
  expect(await page.evaluate(() => location.href)).toBe(url);
  await page.screenshot({ path: `${shots}/cross-origin-elements.png`, fullPage: true });
  expect(watched.problems).toEqual([]);
});

test('on another origin, a page that forbids Workers gets a message inside the element and data-embed="error"', async ({ page, csp }) => {
  csp.allow('worker-src', "this page's own policy forbids Workers on purpose; the element must say so");
  const uncaught: string[] = [];
  page.on('pageerror', (error) => uncaught.push(error.message));
  // The page's Content Security Policy allows no Worker, not even from a blob of its own.
  await page.goto(`${secondOriginUrl('elements.html', site())}&csp=${encodeURIComponent("worker-src 'none'")}`);
  const element = page.locator('vq-training-lab');
  await expect(element).toHaveAttribute('data-embed', 'error');
  const alert = element.locator('[data-embed-failure]');
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText('The engine could not start');
  await expect(alert).toContainText('Access-Control-Allow-Origin');
  // The playground needs no engine, and works.
  await expect(page.locator('vq-quantization-playground')).toHaveAttribute('data-embed', 'ok');
  await element.screenshot({ path: `${shots}/cross-origin-no-workers.png` });
  onlyEngineErrors(uncaught, 'The engine Worker failed to load');
});

test('on another origin, an engine Worker script that fails to load gets a message inside the element and data-embed="error"', async ({ page }) => {
  const uncaught: string[] = [];
  page.on('pageerror', (error) => uncaught.push(error.message));
  // The site answers 404 for the engine's Worker script, as a host that lost a file would.
  await page.context().route(/\/embed\/assets\/worker-[\w-]+\.js$/, (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' }));
  await page.goto(secondOriginUrl('elements.html', site()));
  const element = page.locator('vq-training-lab');
  await expect(element).toHaveAttribute('data-embed', 'error', { timeout: 60_000 });
  const alert = element.locator('[data-embed-failure]');
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText('The engine could not start: The engine Worker failed to load');
  await expect(element.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-status', 'error');
  await element.screenshot({ path: `${shots}/cross-origin-missing-worker.png` });
  onlyEngineErrors(uncaught, 'The engine Worker failed to load');
});

test('on another origin, the iframe /embed/training-lab/ trains', async ({ page }) => {
  const watched = watchPage(page);
  const url = secondOriginUrl('iframe.html', site());
  await page.goto(url);
  const lab = page.frameLocator('iframe').locator('[data-widget="TrainingLab"]');
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(lab).toHaveAttribute('data-k', '16');
  await expect(lab.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.frameLocator('iframe').locator('vq-training-lab')).toHaveAttribute('data-embed', 'ok');
  await lab.locator('[data-action="train"]').click();
  await expect.poll(async () => Number(await lab.getAttribute('data-step')), { timeout: 150_000 }).toBeGreaterThanOrEqual(30);
  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  // A fresh K = 16 model from scratch: thirty steps lower its reconstruction error.
  expect(Number(await lab.getAttribute('data-reconstruction'))).toBeLessThan(0.8 * Number(await lab.getAttribute('data-first-reconstruction')));
  expect(await page.evaluate(() => location.href)).toBe(url);
  await page.screenshot({ path: `${shots}/cross-origin-iframe.png`, fullPage: true });
  expect(watched.problems).toEqual([]);
});
