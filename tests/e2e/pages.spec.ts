import { expect, test } from './test.ts';
import AxeBuilder from '@axe-core/playwright';
import { expectedPages } from './site-pages.ts';
import { watchPage } from './watch-page.ts';

const pages = expectedPages();

test('every page is reachable by following links from the landing page', async ({ page }) => {
  const seen = new Set<string>();
  const queue = ['/'];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const response = await page.goto(path);
    expect(response?.status(), `${path} status`).toBe(200);
    const links = await page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    for (const href of links) {
      const url = new URL(href);
      if (url.origin === new URL(page.url()).origin && !seen.has(url.pathname)) queue.push(url.pathname);
    }
  }
  expect([...seen].sort()).toEqual(pages.map((p) => p.path).sort());
});

for (const { path, mathCount } of pages) {
  test(`page ${path} renders cleanly`, async ({ page }) => {
    const watched = watchPage(page);
    const response = await page.goto(path);
    await page.waitForLoadState('networkidle');

    // KaTeX ran at build time: every formula in the source is typeset, none failed, and no maths JS shipped.
    const typeset = await page.locator('.katex').count();
    expect(typeset, 'typeset formulas').toBeGreaterThanOrEqual(mathCount);
    // Typeset in the HTML as served, before any script ran: KaTeX's MathML copy, one per formula.
    const served = (await response!.text()).match(/class="katex-mathml"/g)?.length ?? 0;
    expect(served, 'formulas typeset in the served HTML').toBeGreaterThanOrEqual(mathCount);
    await expect(page.locator('.katex-error')).toHaveCount(0);
    expect(await page.locator('main').innerText()).not.toMatch(/\$\$/);
    // No TeX left raw in the prose: outside code and typeset maths, no $…$ or $$ remains.
    const prose = await page.locator('main').evaluate((main) => {
      const copy = main.cloneNode(true) as HTMLElement;
      for (const skipped of copy.querySelectorAll('pre, code, script, style, .katex')) skipped.remove();
      return copy.textContent ?? '';
    });
    expect(prose.match(/\$\$|\$[^$\n]+\$/g) ?? [], 'raw TeX in the prose').toEqual([]);
    expect(watched.scripts.filter((url) => /katex/i.test(url))).toEqual([]);

    const name = path === '/' ? 'root' : path.replace(/^\/|\/$/g, '').replace(/\//g, '_');
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
        `serious or critical accessibility violations in ${colorScheme}`,
      ).toEqual([]);
      await page.screenshot({ path: `test-results/pages/${name}-${colorScheme}.png`, fullPage: true });
    }
    expect(watched.problems).toEqual([]);
  });
}
