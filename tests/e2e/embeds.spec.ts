import { mkdir } from 'node:fs/promises';
import { expect, test, type Page } from './test.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { expectNoEnglish } from './no-english.ts';
import { watchPage } from './watch-page.ts';

// Chapter 7's embeds and example, as another site would use them: a page with nothing but the custom
// elements and one script tag, the iframe routes, and the example page that imports the module.
test.describe.configure({ timeout: 240_000 });

const shots = process.env.EMBED_SHOTS ?? 'test-results/embeds';
const en = widgetStrings('en');

/** Serves `html` at a path of the built site's origin that the build does not contain, and opens it. */
async function openFixture(page: Page, html: string) {
  const url = new URL('/embed-fixture.html', test.info().project.use.baseURL ?? 'http://127.0.0.1:4329').href;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(url);
}

const fixture = (body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Someone else's page</title>
<script type="module" src="/embed/widgets.js"></script></head>
<body style="font-family: sans-serif; max-width: 60rem; margin: 1rem auto"><h1>Someone else's page</h1>${body}</body></html>`;

test.beforeAll(async () => {
  await mkdir(shots, { recursive: true });
});

test('one script tag: <vq-quantization-playground> works and <vq-training-lab k="16"> trains with K = 16', async ({ page }) => {
  const watched = watchPage(page);
  await openFixture(page, fixture('<vq-quantization-playground k="5"></vq-quantization-playground>\n<vq-training-lab k="16" beta="1" backend="wasm"></vq-training-lab>'));

  const playground = page.locator('vq-quantization-playground [data-widget="QuantizationPlayground"]');
  await expect(playground).toHaveAttribute('data-status', 'ready');
  await expect(playground).toHaveAttribute('data-k', '5');
  await expect(playground).toHaveAttribute('data-assignments', /^\d+(,\d+)+$/);
  // The shared widget styles reach inside the shadow root: the panel has its border and padding.
  expect(await playground.evaluate((el) => getComputedStyle(el).paddingTop)).toBe('16px');
  const before = await playground.getAttribute('data-assignments');
  await playground.locator('[data-action="redraw"]').click();
  await expect.poll(() => playground.getAttribute('data-assignments')).not.toBe(before);
  await playground.screenshot({ path: `${shots}/playground-element.png` });

  const lab = page.locator('vq-training-lab [data-widget="TrainingLab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(lab).toHaveAttribute('data-k', '16');
  await expect(lab).toHaveAttribute('data-beta', '1');
  await expect(lab).toHaveAttribute('data-started-from', 'scratch');
  await expect(lab.locator('[data-widget="BackendBadge"]')).toHaveAttribute('data-backend', 'wasm');
  await expect(page.locator('vq-training-lab')).toHaveAttribute('data-embed', 'ok');
  // The lab's settings and its backend stay inside the element: the host page's address is untouched.
  expect(page.url()).toBe(new URL('/embed-fixture.html', test.info().project.use.baseURL ?? 'http://127.0.0.1:4329').href);
  await lab.locator('[data-action="train"]').click();
  await expect.poll(async () => Number(await lab.getAttribute('data-step')), { timeout: 150_000 }).toBeGreaterThanOrEqual(3);
  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  expect(Number(await lab.getAttribute('data-loss'))).toBeGreaterThan(0);
  await page.locator('vq-training-lab').screenshot({ path: `${shots}/training-lab-element.png` });
  expect(watched.problems).toEqual([]);
});

test('a bad attribute shows a visible message inside the element, and the widget starts from its default', async ({ page }) => {
  const watched = watchPage(page);
  await openFixture(page, fixture('<vq-training-lab k="9999" backend="wasm"></vq-training-lab>\n<vq-quantization-playground outputs="many" colour="red"></vq-quantization-playground>'));
  const labProblems = page.locator('vq-training-lab [data-embed-problems]');
  await expect(labProblems).toBeVisible();
  await expect(labProblems).toContainText('k="9999" was ignored: k must be a whole number from 2 to 512; got 9999.');
  await expect(page.locator('vq-training-lab')).toHaveAttribute('data-embed', 'refused-attributes');
  const lab = page.locator('vq-training-lab [data-widget="TrainingLab"]');
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(lab).toHaveAttribute('data-k', '64');
  const playgroundProblems = page.locator('vq-quantization-playground [data-embed-problems]');
  await expect(playgroundProblems).toContainText('outputs="many" was ignored: must be a whole number from 1 to 8; got many.');
  await expect(playgroundProblems).toContainText('Unknown attribute colour; this element accepts k, outputs, backend, lang.');
  await expect(page.locator('vq-quantization-playground [data-widget="QuantizationPlayground"]')).toHaveAttribute('data-status', 'ready');
  await page.locator('vq-training-lab').screenshot({ path: `${shots}/bad-attribute.png` });
  expect(watched.problems).toEqual([]);
});

test('the iframe routes render one widget each, with query parameters as attributes', async ({ page }) => {
  const watched = watchPage(page);
  await page.goto('/embed/quantization-playground/?k=12&theme=dark');
  const playground = page.locator('[data-widget="QuantizationPlayground"]');
  await expect(playground).toHaveAttribute('data-status', 'ready');
  await expect(playground).toHaveAttribute('data-k', '12');
  await page.screenshot({ path: `${shots}/iframe-playground-dark.png` });

  await openFixture(page, fixture('<iframe title="Sampling theatre" src="/embed/sampling-theatre/?backend=wasm" style="width: 100%; height: 720px; border: 1px solid #ccc"></iframe>'));
  const theatre = page.frameLocator('iframe').locator('[data-widget="SamplingTheatre"]');
  await expect(theatre).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(theatre).toHaveAttribute('data-backend', 'wasm');
  await theatre.locator('[data-action="sample"]').click();
  await expect.poll(async () => Number(await theatre.getAttribute('data-position')), { timeout: 120_000 }).toBeGreaterThan(0);
  await page.screenshot({ path: `${shots}/iframe-sampling-theatre.png`, fullPage: true });

  await page.goto('/embed/encode-decode/');
  await expect(page.locator('[data-widget="EncodeDecode"]')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await page.goto('/embed/training-lab/?k=9999');
  await expect(page.locator('[data-embed-problems]')).toContainText('k="9999" was ignored');
  expect(watched.problems).toEqual([]);
});

test('lang="zh" makes an element speak Chinese, ?lang=zh an iframe; another language is refused', async ({ page }) => {
  const watched = watchPage(page);
  await openFixture(
    page,
    fixture('<vq-training-lab lang="zh" k="16" backend="wasm"></vq-training-lab>\n<vq-quantization-playground lang="fr" k="5"></vq-quantization-playground>'),
  );
  const lab = page.locator('vq-training-lab [data-widget="TrainingLab"]');
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(page.locator('vq-training-lab')).toHaveAttribute('data-embed', 'ok');
  await expect(lab).toHaveAttribute('data-k', '16');
  // The widget is marked as Chinese, so the page's English does not claim it.
  expect(await lab.evaluate((el) => el.closest('[lang]')?.getAttribute('lang'))).toBe('zh-Hans');
  await expect(lab.getByRole('button', { name: '训练', exact: true })).toBeVisible();
  await lab.locator('[data-action="train"]').click();
  await expect.poll(async () => Number(await lab.getAttribute('data-step')), { timeout: 150_000 }).toBeGreaterThanOrEqual(3);
  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  await expectNoEnglish(lab, [en.trainingLab, en.common, en.backendBadge]);
  await page.locator('vq-training-lab').screenshot({ path: `${shots}/training-lab-element-zh.png` });

  // An unknown language is refused like any bad attribute, and the widget speaks English.
  const problems = page.locator('vq-quantization-playground [data-embed-problems]');
  await expect(problems).toContainText('lang="fr" was ignored: must be en or zh; got fr.');
  await expect(page.locator('vq-quantization-playground')).toHaveAttribute('data-embed', 'refused-attributes');
  const playground = page.locator('vq-quantization-playground [data-widget="QuantizationPlayground"]');
  await expect(playground).toHaveAttribute('data-status', 'ready');
  await expect(playground).toHaveAttribute('data-k', '5');
  await expect(playground.getByRole('button', { name: 'Draw a new codebook' })).toBeVisible();

  // The iframe route passes ?lang=zh on to the element, and the page says it is in Chinese.
  await page.goto('/embed/quantization-playground/?lang=zh&k=12');
  const framed = page.locator('[data-widget="QuantizationPlayground"]');
  await expect(framed).toHaveAttribute('data-status', 'ready');
  await expect(framed).toHaveAttribute('data-k', '12');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hans');
  await expect(page.locator('[data-embed-problems]')).toHaveCount(0);
  await expect(framed.getByRole('button', { name: '重新抽取码本' })).toBeVisible();
  const before = await framed.getAttribute('data-assignments');
  await framed.locator('[data-action="redraw"]').click();
  await expect.poll(() => framed.getAttribute('data-assignments')).not.toBe(before);
  await expectNoEnglish(framed, [en.quantizationPlayground, en.common]);
  await page.screenshot({ path: `${shots}/iframe-playground-zh.png` });

  await openFixture(page, fixture('<iframe title="采样剧场" src="/embed/sampling-theatre/?lang=zh&backend=wasm" style="width: 100%; height: 720px; border: 1px solid #ccc"></iframe>'));
  const theatre = page.frameLocator('iframe').locator('[data-widget="SamplingTheatre"]');
  await expect(theatre).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await theatre.locator('[data-action="sample"]').click();
  await expect.poll(async () => Number(await theatre.getAttribute('data-position')), { timeout: 120_000 }).toBeGreaterThan(0);
  await expectNoEnglish(theatre, [en.samplingTheatre, en.common]);
  await page.screenshot({ path: `${shots}/iframe-sampling-theatre-zh.png`, fullPage: true });
  expect(watched.problems).toEqual([]);
});

test('the example page imports the module, trains a few steps on wasm and shows reconstructions', async ({ page }) => {
  const watched = watchPage(page);
  await page.goto('/examples/train-tiny/?backend=wasm');
  const example = page.locator('[data-example="train-tiny"]');
  await expect(example).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  await expect(example).toHaveAttribute('data-backend', 'wasm');
  const blank = await page.locator('#reconstructions').evaluate((c: HTMLCanvasElement) => c.toDataURL());
  await page.getByLabel('Steps').fill('60');
  await page.getByRole('button', { name: 'Train' }).click();
  await expect(example).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(example).toHaveAttribute('data-step', '60');
  const [first, last] = [await example.getAttribute('data-first-loss'), await example.getAttribute('data-loss')].map(Number);
  expect(last).toBeLessThan(0.75 * first);
  expect(await page.locator('#reconstructions').evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(blank);
  console.log(`example page on wasm: ${await example.getAttribute('data-steps-per-second')} steps/s`);
  await page.screenshot({ path: `${shots}/example-page.png`, fullPage: false });
  expect(watched.problems).toEqual([]);
});

test('chapter 7 shows a live element and a live iframe, loaded only when scrolled to', async ({ page }) => {
  const watched = watchPage(page);
  await page.goto('/en/use-the-model/');
  // The generated reference is in the HTML, folded by kind.
  await expect(page.locator('[data-api-reference] summary').first()).toContainText('Classes');
  expect(await page.locator('[data-api-reference] dt').count()).toBeGreaterThan(100);
  expect(await page.locator('script[src="/embed/widgets.js"]').count()).toBe(0);
  await page.screenshot({ path: `${shots}/chapter-7-top.png` });
  const element = page.locator('[data-embed-example="element"]');
  await element.scrollIntoViewIfNeeded();
  await expect(element.locator('[data-widget="QuantizationPlayground"]')).toHaveAttribute('data-k', '6');
  await element.screenshot({ path: `${shots}/chapter-7-element.png` });
  const frame = page.locator('[data-embed-example="iframe"]');
  await frame.scrollIntoViewIfNeeded();
  await expect(page.frameLocator('[data-embed-example="iframe"] iframe').locator('[data-widget="EncodeDecode"]')).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await frame.screenshot({ path: `${shots}/chapter-7-iframe.png` });
  expect(watched.problems).toEqual([]);
});
