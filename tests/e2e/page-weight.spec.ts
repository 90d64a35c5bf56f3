import { gzipSync } from 'node:zlib';
import { expect, test } from './test.ts';
import { expectedPages } from './site-pages.ts';

/** DESIGN.md's budget for a chapter's first load, before any widget is in view. */
const budgetBytes = 120 * 1024;

// Chapters (the pages with maths) and the reference pages beside them.
for (const { path } of expectedPages().filter((p) => p.mathCount > 0 || p.appendix)) {
  test(`first load of ${path} stays within 120 KB compressed and loads no engine code`, async ({ page }) => {
    const sizes: { url: string; gzipped: number }[] = [];
    const pending: Promise<void>[] = [];
    page.on('response', (response) => {
      // Static hosts gzip text; binary assets (fonts, images) are sent as they are.
      pending.push(
        response.body().then(
          (body) => {
            const textual = /text|javascript|json|svg|css/.test(response.headers()['content-type'] ?? '');
            sizes.push({ url: response.url(), gzipped: textual ? gzipSync(body, { level: 6 }).length : body.length });
          },
          () => {},
        ),
      );
    });
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);

    const total = sizes.reduce((sum, s) => sum + s.gzipped, 0);
    const breakdown = sizes.map((s) => `${(s.gzipped / 1024).toFixed(1)} KB ${new URL(s.url).pathname}`).join('\n');
    expect(total, `total ${(total / 1024).toFixed(1)} KB:\n${breakdown}`).toBeLessThanOrEqual(budgetBytes);
    expect(sizes.filter((s) => /worker|tfjs|\.wasm/.test(s.url)).map((s) => s.url)).toEqual([]);
  });
}

// README: widgets never import TF.js; only the engine's Worker does. These chapters' 2-D widgets once
// loaded it onto the page itself (about 110 KB compressed), so they are weighed with every widget started.
for (const path of ['/en/autoencoders-to-vq-vae/', '/zh/autoencoders-to-vq-vae/', '/en/straight-through-estimation/', '/zh/straight-through-estimation/']) {
  test(`${path} loads no TF.js on the main thread once its widgets run`, async ({ page }) => {
    test.setTimeout(300_000);
    const workers = new Set<string>();
    page.on('worker', (worker) => workers.add(worker.url()));
    // A cross-origin-isolated page lists its Workers' module imports in its own resource timeline too;
    // a script requested by a Worker, or by a script a Worker requested, is not the main thread's.
    const fromWorkers = new Set<string>();
    page.on('request', (request) => {
      const referrer = request.headers()['referer'];
      if (referrer && (workers.has(referrer) || fromWorkers.has(referrer))) fromWorkers.add(request.url());
    });
    await page.goto(path);
    const widgets = page.locator('[data-widget]');
    expect(await widgets.count()).toBeGreaterThan(0);
    for (const widget of await widgets.all()) {
      await widget.scrollIntoViewIfNeeded();
      await expect(widget).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
    }
    await page.waitForLoadState('networkidle');

    // TF.js's core makes its global engine as soon as it is evaluated anywhere on the page.
    expect(await page.evaluate(() => '_tfengine' in globalThis), 'TF.js ran on the main thread').toBe(false);
    // The document's resource timeline holds what the page fetched and, of the Worker, only its own script.
    const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
    const scripts = fetched.filter((url) => new URL(url).pathname.endsWith('.js') && !workers.has(url) && !fromWorkers.has(url));
    expect(scripts.length).toBeGreaterThan(0);
    const weighed = await Promise.all(
      scripts.map(async (url) => {
        const body = await (await page.request.get(url)).body();
        // Every TF.js build carries tfjs-core's names ('tfjsflags', the '_tfengine' global, kernel errors).
        return { url: new URL(url).pathname, gzipped: gzipSync(body, { level: 6 }).length, tf: /tfjs|_tfengine/.test(body.toString('utf8')) };
      }),
    );
    const breakdown = weighed.map((s) => `${(s.gzipped / 1024).toFixed(1)} KB ${s.url}${s.tf ? ' (TF.js)' : ''}`).join('\n');
    const total = weighed.reduce((sum, s) => sum + s.gzipped, 0);
    test.info().annotations.push({ type: 'main-thread JS', description: `${(total / 1024).toFixed(1)} KB compressed:\n${breakdown}` });
    expect(weighed.filter((s) => s.tf).map((s) => s.url), `main-thread scripts:\n${breakdown}`).toEqual([]);
  });
}
