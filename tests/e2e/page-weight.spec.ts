import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
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
