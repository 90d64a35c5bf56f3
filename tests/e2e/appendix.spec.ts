import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './test.ts';

/** Section ids of the measurements page that chapters may link to; renaming a heading must not break them. */
const measurementSections = [
  'conditions',
  'terms',
  'models',
  'reconstruction-quality',
  'codebook-sweep',
  'autoencoder-and-vae',
  'residual-vq',
  'quantiser-variants',
  'vq-vae-2',
  'priors',
  'training-speed',
  'sampling-speed',
];

test('the measurements page keeps its section ids, each listed in its table of contents', async ({ page }) => {
  await page.goto('/en/measurements/');
  await expect(page.locator('.kicker')).toContainText('Reference');
  for (const id of measurementSections) {
    await expect(page.locator(`h2#${id}`), `#${id}`).toHaveCount(1);
    await expect(page.locator(`nav.toc a[href="#${id}"]`)).toHaveCount(1);
  }
  // Reference pages lead to each other, as chapters do.
  await expect(page.locator('a[rel="prev"]')).toHaveAttribute('href', '/en/notation/');
});

test('every link from a chapter into a reference page lands on a page and a section that exist', async ({ page }) => {
  const dir = join('content', 'en');
  const targets = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.mdx'))) {
    for (const [, target] of readFileSync(join(dir, file), 'utf8').matchAll(/\]\((\/en\/(?:notation|measurements)\/[^)\s]*)\)/g)) targets.add(target);
  }
  for (const target of targets) {
    const [path, hash] = target.split('#');
    const response = await page.goto(path);
    expect(response?.status(), target).toBe(200);
    if (hash) await expect(page.locator(`[id="${hash}"]`), target).toHaveCount(1);
  }
});

test('a chapter links to the notation and measurements pages from its header', async ({ page }) => {
  await page.goto('/en/codebook-and-commitment-losses/');
  await expect(page.locator('.kicker a[data-reference-link]')).toHaveText(['Notation', 'Measurements']);
  await page.locator('.kicker').getByRole('link', { name: 'Notation' }).click();
  await expect(page).toHaveURL(/\/en\/notation\/$/);
  await expect(page.locator('h1')).toHaveText('Notation');
});

test('the Chinese edition lists its own reference pages, and the switcher links the two editions of each', async ({ page }) => {
  await page.goto('/zh/');
  await expect(page.locator('#reference-heading')).toHaveText('参考资料');
  await expect(page.locator('.reference-list')).not.toHaveAttribute('lang', 'en');
  await expect(page.locator('.reference-list a')).toHaveText(['符号表', '实测数据']);
  await page.goto('/en/notation/');
  await expect(page.getByRole('link', { name: '中文' })).toHaveAttribute('href', '/zh/notation/');
  await page.goto('/zh/measurements/');
  await expect(page.locator('h1')).toHaveText('实测数据');
  await expect(page.getByRole('link', { name: 'English' })).toHaveAttribute('href', '/en/measurements/');
});
