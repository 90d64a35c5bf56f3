// Screenshots of pages in light and dark, wide and narrow, for looking at the site as a reader does.
// Serve a build first (npm start), then: node scripts/screenshots.ts [--base URL] [--out DIR] /en/ /en/slug/ …
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { browserLaunchOptions } from '../tests/browser.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    base: { type: 'string', default: 'http://localhost:4321' },
    out: { type: 'string', default: 'test-results/screenshots' },
    // Widgets hydrate and start their engine after load; give them time before the picture.
    wait: { type: 'string', default: '2500' },
  },
});
const paths = positionals.length > 0 ? positionals : ['/en/'];
mkdirSync(values.out, { recursive: true });

const browser = await chromium.launch(browserLaunchOptions());
for (const colorScheme of ['light', 'dark'] as const) {
  for (const width of [1280, 360]) {
    const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
    for (const path of paths) {
      await page.goto(new URL(path, values.base).href);
      // Scroll through like a reader, because widgets hydrate only when they come into view.
      await page.evaluate(async () => {
        for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
          scrollTo(0, y);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        scrollTo(0, 0);
      });
      await page.waitForTimeout(Number(values.wait));
      const file = `${values.out}/${path.replace(/\W+/g, '_')}-${colorScheme}-${width}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await page.close();
  }
}
await browser.close();
