import { expect, test, type Page } from './test.ts';
import { watchPage } from './watch-page.ts';
import { MEMORY_ITEM } from '../../src/lib/engine/backend-memory.ts';
import { CHOICE_VERSION, type RememberedChoice } from '../../src/lib/engine/backend-choice.ts';

// The backend is chosen by measurement when the page does not name one. Each test has a fresh
// browser context, so a fresh localStorage: nothing is remembered until a test's own page measures.
test.describe.configure({ timeout: 180_000 });

async function openBadge(page: Page, query: string) {
  const watched = watchPage(page);
  await page.goto(`/en/${query}`);
  const badge = page.locator('[data-widget="BackendBadge"]');
  // The badge hydrates only when scrolled into view, like every widget.
  await badge.scrollIntoViewIfNeeded();
  await expect(badge).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
  return { badge, watched };
}

/** The page's remembered choices, as the engine wrote them. */
async function memoryOf(page: Page): Promise<Record<string, RememberedChoice>> {
  return page.evaluate((item) => JSON.parse(localStorage.getItem(item) ?? '{}'), MEMORY_ITEM);
}

test('the automatic choice is measured, is not a fallback adapter unless it measured faster, and is remembered', async ({ page }) => {
  const trialWorkers: string[] = [];
  page.on('worker', (worker) => {
    if (worker.url().includes('calibration-worker')) trialWorkers.push(worker.url());
  });
  const { badge, watched } = await openBadge(page, '');
  // With nothing remembered, the page starts on wasm at once and measures meanwhile.
  await expect(badge).toHaveAttribute('data-choice', /^(measuring|measured)$/);
  await expect(badge).toHaveAttribute('data-choice', 'measured', { timeout: 120_000 });
  const entries = Object.entries(await memoryOf(page));
  expect(entries).toHaveLength(1);
  const [key, remembered] = entries[0];
  await expect(badge).toHaveAttribute('data-backend', remembered.backend);
  // Every candidate the browser has was tried; wasm always finishes.
  const tried = remembered.trials.map((t) => t.backend);
  expect(tried[0]).toBe('wasm');
  expect(remembered.trials[0].msPerStep).not.toBeNull();
  if (key.includes('webgpu: none')) expect(tried).not.toContain('webgpu');
  else expect(tried).toContain('webgpu');
  // The winner is the fastest trial; a fallback (software) adapter only where it was strictly faster.
  const finished = remembered.trials.filter((t) => t.msPerStep !== null);
  const winner = finished.find((t) => t.backend === remembered.backend)!;
  for (const other of finished) expect(winner.msPerStep!).toBeLessThanOrEqual(other.msPerStep!);
  if (winner.fallbackAdapter) for (const other of finished.filter((t) => t !== winner)) expect(winner.msPerStep!).toBeLessThan(other.msPerStep!);
  // What isFallbackAdapter said is part of the key, and the badge says why it chose as it did.
  const webgpuTrial = remembered.trials.find((t) => t.backend === 'webgpu');
  if (webgpuTrial) expect(key.includes('(fallback)')).toBe(webgpuTrial.fallbackAdapter);
  await expect(badge.locator('[data-field="choice"]')).not.toBeEmpty();
  await expect(badge.locator('[data-field="trials"]')).toContainText('Trials, ms a training step of the tiny model: wasm ');
  // One Worker a trial, and more where a widget's request interrupted one (it is tried again later).
  expect(trialWorkers.length).toBeGreaterThanOrEqual(tried.length);
  await badge.screenshot({ path: 'test-results/badge/measured.png' });
  expect(watched.problems).toEqual([]);

  // A later visit in the same browser starts on the remembered backend at once and measures nothing.
  trialWorkers.length = 0;
  const again = await openBadge(page, '');
  await expect(again.badge).toHaveAttribute('data-choice', 'remembered');
  await expect(again.badge).toHaveAttribute('data-backend', remembered.backend);
  await expect(again.badge.locator('[data-field="choice"]')).toContainText('remembered from an earlier visit');
  // The adapter check comes once the page is quiet; give it the time a trial would have had.
  await page.waitForTimeout(3000);
  expect(trialWorkers).toEqual([]);
  await expect(again.badge).toHaveAttribute('data-choice', 'remembered');
  expect(again.watched.problems).toEqual([]);
});

test('a remembered choice from another adapter is measured again, and the engine moves to the winner with its models', async ({ page }) => {
  // One entry for this browser, but for a GPU this machine does not have: the engine starts on it at
  // once, then finds the adapter different, measures, and moves (no model has trained yet).
  const entry: RememberedChoice = { backend: 'webgl', versus: null, trials: [], measuredAt: '2026-01-01T00:00:00.000Z' };
  const prefix = `v${CHOICE_VERSION} | `;
  const suffix = ' | webgpu: elsewhere/gpu/? | webgl: elsewhere';
  // Written before the page's own scripts run (by the browser's user agent, as the engine keys it).
  await page.addInitScript(([item, prefix, suffix, value]) => {
    localStorage.setItem(item, JSON.stringify({ [`${prefix}${navigator.userAgent}${suffix}`]: JSON.parse(value) }));
  }, [MEMORY_ITEM, prefix, suffix, JSON.stringify(entry)] as const);
  const { badge, watched } = await openBadge(page, '');
  const stale = `${prefix}${await page.evaluate(() => navigator.userAgent)}${suffix}`;
  await expect(badge).toHaveAttribute('data-backend', 'webgl');
  await expect(badge).toHaveAttribute('data-choice', 'remembered');
  await expect(badge).toHaveAttribute('data-choice', 'measured', { timeout: 120_000 });
  const memory = await memoryOf(page);
  expect(Object.keys(memory)).not.toContain(stale);
  const [remembered] = Object.values(memory);
  await expect(badge).toHaveAttribute('data-backend', remembered.backend);
  // The landing page's figure went on sampling through the move, on the models rebuilt there.
  const hero = page.locator('[data-widget="HeroSamples"]');
  await hero.scrollIntoViewIfNeeded();
  await expect(hero).not.toHaveAttribute('data-status', 'error');
  await expect(hero).toHaveAttribute('data-sets', /^[1-9]/, { timeout: 120_000 });
  expect(watched.problems).toEqual([]);
});

for (const backend of ['webgpu', 'wasm', 'cpu', 'webgl'] as const) {
  test(`?backend=${backend} is honoured, and nothing is measured`, async ({ page }) => {
    const { badge, watched } = await openBadge(page, `?backend=${backend}`);
    await expect(badge).toHaveAttribute('data-backend', backend);
    await expect(badge).toHaveAttribute('data-choice', 'asked');
    await expect(badge.locator('[data-field="choice"]')).toHaveText(`asked for with backend=${backend}`);
    await expect(badge.locator('[data-field="matmul"]')).toHaveText(/256×256 matmul: [\d,.]+ ms/);
    await badge.screenshot({ path: `test-results/badge/${backend}.png` });
    expect(await memoryOf(page)).toEqual({});
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

test('the served page is cross-origin isolated, so wasm runs its threaded build where there are cores to spare', async ({ page }) => {
  const wasmRequests: string[] = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) wasmRequests.push(request.url());
  });
  const { badge, watched } = await openBadge(page, '?backend=wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // Half the logical cores, at most 4 (wasmThreadCount); one thread means the plain SIMD build.
  const threads = Math.max(1, Math.min(Math.floor((await page.evaluate(() => navigator.hardwareConcurrency)) / 2), 4));
  await expect(badge.locator('[data-field="threads"]')).toHaveAttribute('data-threads', String(threads));
  expect(wasmRequests.some((url) => url.includes('threaded-simd'))).toBe(threads > 1);
  expect(wasmRequests.length).toBe(1);
  expect(watched.problems).toEqual([]);
});

test('an unknown ?backend= says so and falls back to the automatic choice', async ({ page }) => {
  const { badge, watched } = await openBadge(page, '?backend=cuda');
  await expect(badge.locator('[data-field="warning"]')).toHaveText(/Unknown backend "cuda"/);
  await expect(badge).toHaveAttribute('data-choice', /^(measuring|measured)$/);
  await badge.screenshot({ path: 'test-results/badge/unknown.png' });
  expect(watched.problems).toEqual([]);
});
