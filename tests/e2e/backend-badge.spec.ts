import { expect, test, type Page } from '@playwright/test';
import { watchPage } from './watch-page.ts';

async function openBadge(page: Page, query: string) {
  const watched = watchPage(page);
  await page.goto(`/en/${query}`);
  const badge = page.locator('[data-widget="BackendBadge"]');
  // The badge hydrates only when scrolled into view, like every widget.
  await badge.scrollIntoViewIfNeeded();
  await expect(badge).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  return { badge, watched };
}

test('the badge runs on WebGPU by default', async ({ page }) => {
  const { badge, watched } = await openBadge(page, '');
  await expect(badge).toHaveAttribute('data-backend', 'webgpu');
  await expect(badge.locator('[data-field="matmul"]')).toHaveText(/256×256 matmul: [\d.]+ ms/);
  await badge.screenshot({ path: 'test-results/badge/webgpu.png' });
  expect(watched.problems).toEqual([]);
});

for (const backend of ['wasm', 'cpu', 'webgl'] as const) {
  test(`?backend=${backend} is honoured`, async ({ page }) => {
    const { badge, watched } = await openBadge(page, `?backend=${backend}`);
    await expect(badge).toHaveAttribute('data-backend', backend);
    await badge.screenshot({ path: `test-results/badge/${backend}.png` });
    expect(watched.problems).toEqual([]);
  });
}

test('the wasm binary is served from the site itself', async ({ page }) => {
  const wasmRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasmRequests.push(request.url());
  });
  await openBadge(page, '?backend=wasm');
  expect(wasmRequests.length).toBeGreaterThan(0);
  for (const url of wasmRequests) expect(new URL(url).origin).toBe(new URL(page.url()).origin);
});

test('an unknown ?backend= says so and falls back to the automatic choice', async ({ page }) => {
  const { badge, watched } = await openBadge(page, '?backend=cuda');
  await expect(badge.locator('[data-field="warning"]')).toHaveText(/Unknown backend "cuda"/);
  await expect(badge).toHaveAttribute('data-backend', 'webgpu');
  await badge.screenshot({ path: 'test-results/badge/unknown.png' });
  expect(watched.problems).toEqual([]);
});
