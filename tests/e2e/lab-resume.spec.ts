import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from './test.ts';
import { downloadCheckpoint } from './lab-download.ts';
import { watchPage } from './watch-page.ts';

// Issue 16: a checkpoint carries the training state, so the lab's "Keep in this browser" and its
// downloads resume where they stopped, step counter included; and a full or refused IndexedDB says
// so while the model on screen trains on. On wasm, which trains the tiny model fastest here.
test.describe.configure({ timeout: 240_000 });

const chapter = '/en/codebook-and-commitment-losses/?backend=wasm';
/** The pretrained checkpoint the lab opens on: 3,000 steps, saved before checkpoints kept their state. */
const pretrained = 3000;

async function openLab(page: Page) {
  const watched = watchPage(page);
  await page.goto(chapter);
  const lab = page.locator('[data-widget="TrainingLab"]');
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(lab).toHaveAttribute('data-step', String(pretrained));
  return { lab, watched };
}

const stepOf = async (lab: Locator) => Number(await lab.getAttribute('data-step'));
const message = (lab: Locator) => lab.locator('[data-field="checkpoint-message"]');

/** Trains at least `steps` more steps, then pauses; returns the step it stopped at. */
async function trainSteps(lab: Locator, steps: number): Promise<number> {
  const start = await stepOf(lab);
  await lab.locator('[data-action="train"]').click();
  await expect.poll(() => stepOf(lab), { timeout: 150_000 }).toBeGreaterThanOrEqual(start + steps);
  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  return stepOf(lab);
}

/** Trains on from `from` and checks the counter only ever moves on from it: from + 1, from + 2, … */
async function continuesFrom(lab: Locator, from: number) {
  const seen: number[] = [];
  await lab.locator('[data-action="train"]').click();
  await expect
    .poll(async () => {
      seen.push(await stepOf(lab));
      return seen.at(-1);
    }, { timeout: 150_000, intervals: [100] })
    .toBeGreaterThanOrEqual(from + 3);
  await lab.locator('[data-action="train"]').click();
  expect(Math.min(...seen)).toBeGreaterThanOrEqual(from);
}

/** The value of a float32 tensor of a checkpoint's files, by name. */
function tensorOf(json: { weightsManifest: { weights: { name: string; shape: number[] }[] }[] }, weights: Buffer, name: string): number[] {
  let offset = 0;
  for (const spec of json.weightsManifest[0]!.weights) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.name === name) return Array.from(new Float32Array(weights.buffer.slice(weights.byteOffset + offset * 4, weights.byteOffset + (offset + size) * 4)));
    offset += size;
  }
  throw new Error(`no tensor ${name}`);
}

test('kept in this browser, the lab resumes after a reload at the step it was kept', async ({ page }) => {
  const { lab, watched } = await openLab(page);
  const kept = await trainSteps(lab, 4);
  await lab.locator('[data-action="store"]').click();
  await expect(message(lab)).toHaveText('Kept in this browser (IndexedDB).');

  await page.reload();
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await expect(lab).toHaveAttribute('data-step', String(pretrained));
  await lab.locator('[data-action="restore"]').click();
  // It carries its state, so no note that its statistics restart.
  await expect(message(lab)).toHaveText('Restored the copy kept in this browser.');
  await expect(lab).toHaveAttribute('data-step', String(kept));
  await continuesFrom(lab, kept);
  expect(watched.problems).toEqual([]);
});

test('the downloaded files hold the training state, and opened again continue at their step', async ({ page }, testInfo) => {
  const { lab, watched } = await openLab(page);
  const saved = await trainSteps(lab, 3);
  const { json: jsonPath, weights: weightsPath } = await downloadCheckpoint(page, lab, testInfo);
  const json = JSON.parse(await readFile(jsonPath, 'utf8'));
  expect(json.userDefinedMetadata.step).toBe(saved);
  expect(json.userDefinedMetadata.trainingState.deadCodes.idleSteps).toHaveLength(64);
  // Adam counts its own updates: those since the lab opened the pretrained weights, which held no moments.
  expect(tensorOf(json, await readFile(weightsPath), 'optimizer/t')).toEqual([saved - pretrained]);

  await page.reload();
  await lab.scrollIntoViewIfNeeded();
  await expect(lab).toHaveAttribute('data-status', 'ready', { timeout: 120_000 });
  await lab.locator('[data-action="open-files"]').setInputFiles([jsonPath, weightsPath]);
  await expect(message(lab)).toHaveText(/^Loaded \S+\.json and \S+\.weights\.bin\.$/);
  await expect(lab).toHaveAttribute('data-step', String(saved));
  await continuesFrom(lab, saved);
  expect(watched.problems).toEqual([]);
});

test('an older checkpoint, with weights only, opens and says training restarts its statistics', async ({ page }) => {
  const { lab, watched } = await openLab(page);
  await lab.locator('[data-action="open-files"]').setInputFiles(['public/models/vqvae-tiny-mnist/model.json', 'public/models/vqvae-tiny-mnist/weights.bin']);
  await expect(message(lab)).toHaveText(
    "Loaded model.json and weights.bin. It holds weights only (an older checkpoint), so training restarts its statistics: Adam's moments, the EMA averages and the dead-code counts start again.",
  );
  await expect(lab).toHaveAttribute('data-step', String(pretrained));
  await continuesFrom(lab, pretrained);
  expect(watched.problems).toEqual([]);
});

test('a full IndexedDB (a real quota, through CDP) is said, the model trains on, and nothing is claimed kept', async ({ page, baseURL }) => {
  const { lab, watched } = await openLab(page);
  const origin = new URL(baseURL!).origin;
  const cdp = await page.context().newCDPSession(page);
  // Far below one checkpoint of the lab's model; Chromium aborts the write's transaction when it commits.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 4096 });

  const start = await stepOf(lab);
  await lab.locator('[data-action="train"]').click();
  await expect.poll(() => stepOf(lab), { timeout: 150_000 }).toBeGreaterThan(start);
  await lab.locator('[data-action="store"]').click();
  await expect(message(lab)).toHaveText(
    "Could not keep the model in this browser: this site's storage is full. The model on screen is kept and training goes on; “Download checkpoint” saves it as files instead.",
  );
  await expect(lab).toHaveAttribute('data-status', 'training');
  const atFailure = await stepOf(lab);
  await expect.poll(() => stepOf(lab), { timeout: 150_000 }).toBeGreaterThan(atFailure + 2);
  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');

  // tf.io's own handler reported such a save as done; this one kept nothing, and says so.
  await lab.locator('[data-action="restore"]').click();
  await expect(message(lab)).toHaveText('Nothing is kept in this browser yet: “Keep in this browser” stores the model first.');
  const trained = await stepOf(lab);
  expect(trained).toBeGreaterThan(atFailure);

  // With room again, the same model keeps, and restores at its step.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await lab.locator('[data-action="store"]').click();
  await expect(message(lab)).toHaveText('Kept in this browser (IndexedDB).');
  await lab.locator('[data-action="restore"]').click();
  await expect(message(lab)).toHaveText('Restored the copy kept in this browser.');
  await expect(lab).toHaveAttribute('data-step', String(trained));
  expect(watched.problems).toEqual([]);
});

test('a refused IndexedDB (its open throws, as in private browsing) is said, and the model trains on', async ({ page }) => {
  // Chromium's own private mode keeps IndexedDB (in memory), so the refusal is made: the engine
  // Worker's script is served with a first line that makes indexedDB.open throw as Firefox's did.
  let patched = 0;
  await page.route(/\/_astro\/worker-[^/]+\.js$/, async (route) => {
    const response = await route.fetch();
    const refuse = `Object.defineProperty(self, 'indexedDB', { configurable: true, get: () => ({ open() { throw new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError'); } }) });\n`;
    patched += 1;
    await route.fulfill({ response, body: refuse + (await response.text()) });
  });
  const { lab, watched } = await openLab(page);
  expect(patched).toBeGreaterThan(0);
  const start = await stepOf(lab);
  await lab.locator('[data-action="train"]').click();
  await expect.poll(() => stepOf(lab), { timeout: 150_000 }).toBeGreaterThan(start);
  await lab.locator('[data-action="store"]').click();
  await expect(message(lab)).toHaveText(
    'Could not keep the model in this browser: the browser refused IndexedDB (InvalidStateError), as it does in private browsing or with site data blocked. The model on screen is kept and training goes on; “Download checkpoint” saves it as files instead.',
  );
  await expect(lab).toHaveAttribute('data-status', 'training');
  const atFailure = await stepOf(lab);
  await expect.poll(() => stepOf(lab), { timeout: 150_000 }).toBeGreaterThan(atFailure + 2);
  await lab.locator('[data-action="train"]').click();
  await expect(lab).toHaveAttribute('data-status', 'ready');
  const trained = await stepOf(lab);
  await lab.locator('[data-action="restore"]').click();
  await expect(message(lab)).toHaveText('Could not open the copy kept in this browser: the browser refused IndexedDB (InvalidStateError). The model on screen is kept.');
  await expect(lab).toHaveAttribute('data-step', String(trained));
  expect(watched.problems).toEqual([]);
});
