import { expect, test, type Page } from './test.ts';
import AxeBuilder from '@axe-core/playwright';

// Chapter 1 cites several papers, one of them twice over two keys in one bracket.
const chapter = '/en/autoregressive-modelling/';

/** The first citation's link and the card it describes itself with. */
async function firstCitation(page: Page) {
  const link = page.locator('main .citation-link').first();
  const cardId = await link.getAttribute('aria-describedby');
  expect(cardId).toMatch(/^cite-/);
  return { link, card: page.locator(`[id="${cardId}"]`) };
}

/** Fails when the element sticks out of the viewport sideways. */
async function expectWithinViewport(page: Page, locator: ReturnType<Page['locator']>) {
  const box = (await locator.boundingBox())!;
  const width = page.viewportSize()!.width;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
}

test('a citation shows its card on hover and on keyboard focus, and names it for screen readers', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(chapter);
  const { link, card } = await firstCitation(page);
  await expect(link).toHaveText(/^\[?\d+\]?$/);
  await expect(card).toBeHidden();
  await expect(link).toHaveAccessibleDescription(/\S.*\d{4}/);

  await link.scrollIntoViewIfNeeded();
  await link.hover();
  await expect(card).toBeVisible();
  await expectWithinViewport(page, card);
  await page.screenshot({ path: 'test-results/citations/card-light.png' });
  // The pointer can move onto the card to read it without the card going away.
  await card.hover();
  await expect(card).toBeVisible();
  await page.mouse.move(0, 0);
  await expect(card).toBeHidden();

  // Tab onto the link from the element just before it in the page's focus order.
  await link.evaluate((a) => {
    const all = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')];
    all[all.indexOf(a as HTMLElement) - 1]?.focus();
  });
  await page.keyboard.press('Tab');
  await expect(link).toBeFocused();
  await expect(card).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(card).toBeHidden();

  await page.emulateMedia({ colorScheme: 'dark' });
  await link.focus();
  await expect(card).toBeVisible();
  await page.screenshot({ path: 'test-results/citations/card-dark.png' });

  const results = await new AxeBuilder({ page }).include('.citation-group').include('.bibliography').withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
});

test('every citation links to an entry of the bibliography, and clicking one scrolls to it', async ({ page }) => {
  await page.goto(chapter);
  const hrefs = await page.locator('main .citation-link').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of new Set(hrefs)) {
    expect(href).toMatch(/^#ref-/);
    await expect(page.locator(`ol.bibliography > li[id="${href.slice(1)}"]`)).toHaveCount(1);
  }
  const entries = page.locator('ol.bibliography > li');
  expect(await entries.count()).toBe(new Set(hrefs).size);
  // Numbered in order of first citation: the first link cites entry 1.
  await expect(entries.first()).toHaveAttribute('id', hrefs[0].slice(1));
  await expect(entries.first().locator('a.bibliography-title')).toHaveAttribute('href', /^https:\/\//);

  const { link } = await firstCitation(page);
  await link.click();
  await expect(page).toHaveURL(new RegExp(`${hrefs[0]}$`));
  await expect(entries.first()).toBeInViewport();
});

test('on a 360 px screen the card stays on screen', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(chapter);
  for (const link of (await page.locator('main .citation-link').all()).slice(0, 6)) {
    await link.focus();
    const card = page.locator(`[id="${await link.getAttribute('aria-describedby')}"]`);
    await expect(card).toBeVisible();
    await expectWithinViewport(page, card);
  }
  const { link, card } = await firstCitation(page);
  await link.scrollIntoViewIfNeeded();
  await link.hover();
  await expect(card).toBeVisible();
  await page.screenshot({ path: 'test-results/citations/card-360.png' });
});
