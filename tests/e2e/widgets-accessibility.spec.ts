import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './test.ts';
import { watchPage } from './watch-page.ts';

// The page tests check chapters as first loaded; this one checks them with every widget hydrated and
// showing its model, in light and dark, since most of what a widget draws appears only then.
test.describe.configure({ timeout: 180_000 });

const chapters = ['/en/autoregressive-modelling/', '/en/autoencoders-to-vq-vae/', '/en/straight-through-estimation/', '/en/codebook-and-commitment-losses/', '/en/prior-and-sampling/', '/en/beyond-vq-vae/'];

for (const path of chapters) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`widgets on ${path} pass axe once hydrated (${colorScheme})`, async ({ browser }) => {
      const context = await browser.newContext({ colorScheme, reducedMotion: 'reduce' });
      const page = await context.newPage();
      const watched = watchPage(page);
      await page.goto(`${path}?backend=wasm`);
      const widgets = page.locator('[data-widget]:not([data-widget="BackendBadge"])');
      for (const widget of await widgets.all()) {
        await widget.scrollIntoViewIfNeeded();
        await expect(widget).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
      }
      // A selected cell opens the code palette, which is only in the page after a click.
      for (const editor of ['EncodeDecode', 'CodeGridEditor']) {
        const cell = page.locator(`[data-widget="${editor}"] [data-cell="24"]`);
        if ((await cell.count()) > 0) await cell.click();
      }
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      expect(watched.problems).toEqual([]);
      await context.close();
    });
  }
}
