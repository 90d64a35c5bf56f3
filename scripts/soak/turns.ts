// The soak's turns: what a reader does for a minute with the training lab (chapter 4), the prior lab
// and the sampling theatre (chapter 5). Each page keeps its own engine for the whole run; a turn
// drives one widget through the buttons a reader clicks, and ends with it idle again, so that every
// reading of memory is taken with no work in flight.
import type { Locator, Page } from '@playwright/test';

/** The kinds of turn: the lab trains, the prior trains, or the theatre samples grids one after another. */
export type TurnKind = 'lab' | 'prior' | 'sampler';

/** The order turns come in: the lab every other minute, the prior's two widgets in between. */
export const turnCycle: readonly TurnKind[] = ['lab', 'prior', 'lab', 'sampler'];

/** What a turn did: how much work, over how long, and the widget's counter at the end. */
export interface TurnResult {
  kind: TurnKind;
  /** Training steps (lab, prior) or sampled grids (sampler) in the turn. */
  work: number;
  /** From the first click to the widget idle again, in seconds. */
  seconds: number;
  /** The widget's step counter at the end (the sampler: grids sampled so far). */
  counter: number;
}

/** The chapter each widget lives in. */
export const widgetPages = { lab: '/en/codebook-and-commitment-losses/', prior: '/en/prior-and-sampling/' } as const;

const widgetName: Record<TurnKind, string> = { lab: 'TrainingLab', prior: 'PriorLab', sampler: 'SamplingTheatre' };

/** Long waits: a status change can sit behind a step, and the prior's first turn encodes the training set first. */
const SLOW = 180_000;

/** Waits until the widget's data-status is one of `statuses`, failing with what it was instead. */
async function statusIs(page: Page, root: Locator, statuses: string[], timeout = SLOW) {
  const selector = await root.evaluate((element) => `[data-widget="${element.getAttribute('data-widget')}"]`);
  try {
    await page.waitForFunction(({ selector, statuses }) => statuses.includes(document.querySelector(selector)?.getAttribute('data-status') ?? ''), { selector, statuses }, { timeout, polling: 250 });
  } catch {
    throw new Error(`${selector} stayed "${await root.getAttribute('data-status')}", not ${statuses.join(' or ')}, for ${timeout / 1000} s`);
  }
}

/** The widget of a turn, scrolled into view (so it hydrates and may train), once it is ready. */
export async function showWidget(page: Page, kind: TurnKind): Promise<Locator> {
  const root = page.locator(`[data-widget="${widgetName[kind]}"]`);
  await root.scrollIntoViewIfNeeded();
  await page.bringToFront();
  await statusIs(page, root, ['ready']);
  return root;
}

const counterOf = async (root: Locator, attribute: string) => Number(await root.getAttribute(attribute));

/** Trains the lab or the prior until `until` (a performance.now() time here), then pauses it and waits until it is idle. */
async function trainTurn(page: Page, root: Locator, kind: 'lab' | 'prior', until: number): Promise<TurnResult> {
  const started = performance.now();
  const before = await counterOf(root, 'data-step');
  await root.locator('[data-action="train"]').click();
  await statusIs(page, root, ['training', 'waiting']);
  while (performance.now() < until) {
    await page.waitForTimeout(Math.min(2000, Math.max(0, until - performance.now())));
    const status = await root.getAttribute('data-status');
    if (status === 'error' || status === 'ready') throw new Error(`${widgetName[kind]} stopped training by itself (status ${status})`);
  }
  await root.locator('[data-action="train"]').click();
  await statusIs(page, root, ['ready']);
  const counter = await counterOf(root, 'data-step');
  return { kind, work: counter - before, seconds: (performance.now() - started) / 1000, counter };
}

/** Samples one grid after another until `until`, each skipped to its end, then waits until the theatre is idle. */
async function samplerTurn(page: Page, root: Locator, until: number): Promise<TurnResult> {
  const started = performance.now();
  const before = await counterOf(root, 'data-runs');
  let runs = before;
  while (performance.now() < until) {
    await root.locator('[data-action="sample"]').click();
    runs += 1;
    await page.waitForFunction(({ runs }) => Number(document.querySelector('[data-widget="SamplingTheatre"]')?.getAttribute('data-runs')) >= runs, { runs }, { timeout: SLOW, polling: 100 });
    // The grid is replayed at a watchable speed; a reader in a hurry skips to the end.
    if ((await root.getAttribute('data-status')) === 'sampling') await root.locator('[data-action="jump"]').click({ timeout: 5000 }).catch(() => {});
    await statusIs(page, root, ['ready']);
  }
  const counter = await counterOf(root, 'data-runs');
  return { kind: 'sampler', work: counter - before, seconds: (performance.now() - started) / 1000, counter };
}

/** Runs one turn of `kind` on `page` until `until`, and returns what it did; the widget is idle afterwards. */
export async function runTurn(page: Page, kind: TurnKind, until: number): Promise<TurnResult> {
  const root = await showWidget(page, kind);
  return kind === 'sampler' ? samplerTurn(page, root, until) : trainTurn(page, root, kind, until);
}
