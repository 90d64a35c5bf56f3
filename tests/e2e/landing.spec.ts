import { expect, test } from './test.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { expectNoEnglish } from './no-english.ts';
import { watchPage } from './watch-page.ts';

// The landing page's live figure: the pretrained prior invents sixteen digits and the decoder draws
// them in place, position by position.
test.describe.configure({ timeout: 240_000 });

for (const backend of ['webgpu', 'wasm']) {
  test(`the hero draws sixteen sampled digits in place on ${backend}`, async ({ page }) => {
    const watched = watchPage(page);
    await page.goto(`/en/?backend=${backend}`);
    const hero = page.locator('[data-widget="HeroSamples"]');
    // Part-way through, some positions are drawn and others not yet.
    await expect.poll(async () => Number(await hero.getAttribute('data-position')), { timeout: 150_000 }).toBeGreaterThan(0);
    await expect(hero).toHaveAttribute('data-sets', '1', { timeout: 200_000 });
    await expect(hero).toHaveAttribute('data-position', '49');
    await expect(hero.getByRole('img')).toHaveAccessibleName('Sixteen sampled digits, 49 of 49 codes drawn in each');
    await page.screenshot({ path: `test-results/landing/${backend}.png` });
    await expect(page.locator('.chapter-list li')).toHaveCount(7);
    expect(watched.problems).toEqual([]);
  });
}

test('with reduced motion the hero shows each finished set at once', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto('/en/?backend=wasm');
  const hero = page.locator('[data-widget="HeroSamples"]');
  await expect(hero).toHaveAttribute('data-sets', '1', { timeout: 60_000 });
  expect(watched.problems).toEqual([]);
  await context.close();
});

test('on /zh/ the hero speaks Chinese', async ({ browser }) => {
  const context = await browser.newContext({ reducedMotion: 'reduce' });
  const page = await context.newPage();
  const watched = watchPage(page);
  await page.goto('/zh/?backend=wasm');
  const hero = page.locator('[data-widget="HeroSamples"]');
  await expect(hero).toHaveAttribute('data-sets', '1', { timeout: 60_000 });
  await expect(hero.getByRole('img')).toHaveAccessibleName('十六个采样出的数字，每个已画出 49 个码字中的 49 个');
  await expectNoEnglish(hero, [widgetStrings('en').heroSamples, widgetStrings('en').common]);
  await hero.screenshot({ path: `${process.env.ZH_SHOTS ?? 'test-results/landing'}/hero-zh.png` });
  expect(watched.problems).toEqual([]);
  await context.close();
});
