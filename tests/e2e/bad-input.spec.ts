import { writeFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from './test.ts';
import { watchPage } from './watch-page.ts';

// Issue 16: every number box, slider, link setting and embed attribute of the widgets, tried with the
// same bad values. Each is refused with a message that names the field and its range, short enough not
// to widen the page, and what runs goes on: the lab keeps training (its step keeps rising), the other
// widgets keep the value they had, and no page logs an error. One table; each test walks the rows of
// one page. Every outcome is written to bad-inputs.json in the test's output folder.
// The machine is shared and slow: a page of tries can take minutes while other browsers run.
test.describe.configure({ timeout: 600_000 });

/** The bad values every field is tried with. */
const BAD = {
  empty: '',
  negative: '-1',
  huge: '1e9',
  NaN: 'NaN',
  'non-numeric': 'abc',
  // A number still (10^300), so that a number box passes it on rather than emptying it as no number.
  'very long': '9'.repeat(300),
} as const;
type Bad = keyof typeof BAD;

/** The longest a refusal may be: it repeats only the start of a long value. */
const LONGEST_MESSAGE = 200;

/** A number box: each bad value is typed in, and refused with `message` while the root's `keeps` attributes stay as they were. */
type Typed = {
  kind: 'typed';
  page: string;
  widget: string;
  field: string;
  locate: (root: Locator) => Locator;
  message: RegExp;
  keeps: string[];
  /** Values the field takes by design, with what its first `keeps` attribute then says. */
  accepts?: Partial<Record<Bad, string>>;
  /** What a taken value would show, which a refused one must not (the lab's "Apply" note for K and D). */
  absent?: string;
};
/** A slider, set by a script since no hand can drag it out of range: the browser holds the value inside `range`, and `reads` follows it there. */
type Slider = { kind: 'slider'; page: string; widget: string; field: string; locate: (root: Locator) => Locator; range: [number, number]; reads: string };
/** A chapter link's setting (?key=value): the widget starts from its default and says what it ignored. */
type Link = { kind: 'link'; page: string; widget: string; field: string; message: RegExp };
/** An embedded element's attribute, or an iframe page's query parameter, which becomes one. */
type Attribute = { kind: 'attribute' | 'query'; slug: string; widget: string; field: string; message: RegExp };
type Row = Typed | Slider | Link | Attribute;

const lab = '/en/codebook-and-commitment-losses/';
const linkIgnored = (rest: string) => new RegExp(`^The link asked for something the lab cannot do, so it was ignored: ${rest}; got .+\\.$`);
const attributeIgnored = (name: string, rest: string) => new RegExp(`^${name}="[^"]*" was ignored: ${rest}; got .+\\.$`);
const backendIgnored = /^backend="[^"]*" was ignored: (unknown backend "[^"]*"\. Valid values are webgpu, webgl, wasm, cpu; choosing automatically|must name a backend)\.$/;
const variantsIgnored = /^The link's variants were not used: (Unknown variants?: .+\. Pick from plain, ema, cosine, lowdim, simvq, fsq, rotation, residual|Pick at least 2 variants to compare)\.$/;
const labLink = (key: string, rest: string): Link => ({ kind: 'link', page: lab, widget: 'TrainingLab', field: `?${key}=`, message: linkIgnored(rest) });
const query = (field: string, rest: string): Attribute => ({ kind: 'query', slug: 'training-lab', widget: 'TrainingLab', field, message: attributeIgnored(field, rest) });
const attribute = (slug: string, widget: string, field: string, rest: string): Attribute => ({ kind: 'attribute', slug, widget, field, message: attributeIgnored(field, rest) });
const byControl = (name: string) => (root: Locator) => root.locator(`[data-control="${name}"]`);

/** The table: every field a reader, a link or a page's author can fill in. */
const TABLE: Row[] = [
  { kind: 'typed', page: lab, widget: 'TrainingLab', field: 'β, exact value', locate: (root) => root.getByLabel('β, exact value'), message: /^β must be a number from 0 to 5; got .+\.$/, keeps: ['data-beta'] },
  { kind: 'typed', page: lab, widget: 'TrainingLab', field: 'K', locate: byControl('k'), message: /^K must be a whole number from 2 to 512; got .+\.$/, keeps: ['data-k'], absent: '[data-field="pending"]' },
  { kind: 'typed', page: lab, widget: 'TrainingLab', field: 'D', locate: byControl('d'), message: /^D must be a whole number from 1 to 64; got .+\.$/, keeps: ['data-d'], absent: '[data-field="pending"]' },
  { kind: 'slider', page: lab, widget: 'TrainingLab', field: 'β slider', locate: (root) => root.locator('input[type="range"]'), range: [0, 5], reads: 'data-beta' },
  { kind: 'typed', page: `${lab}?update=ema`, widget: 'TrainingLab', field: 'EMA decay λ', locate: (root) => root.getByLabel('EMA decay λ'), message: /^The EMA decay must be a number from 0\.5 to 0\.9999; got .+\.$/, keeps: ['data-update'] },
  labLink('beta', 'β must be a number from 0 to 5'),
  labLink('lr', 'The learning rate must be a number from 0\\.00001 to 0\\.1'),
  labLink('K', 'K must be a whole number from 2 to 512'),
  labLink('D', 'D must be a whole number from 1 to 64'),
  labLink('decay', 'The EMA decay must be a number from 0\\.5 to 0\\.9999'),
  labLink('update', 'update must be loss or ema'),
  labLink('restart', 'restart must be on or off'),
  labLink('preset', 'preset must be tiny or r1'),
  labLink('dataset', 'dataset must be mnist or fashion-mnist'),
  // A temperature of 0 or less is the argmax, by design (the message says so), so a negative one is taken.
  { kind: 'typed', page: '/en/prior-and-sampling/', widget: 'SamplingTheatre', field: 'Temperature', locate: byControl('temperature'), message: /^The temperature must be a number up to 5 \(0 or less means always the most likely code\); got .+\.$/, keeps: ['data-temperature'], accepts: { negative: '-1' } },
  { kind: 'typed', page: '/en/prior-and-sampling/', widget: 'SamplingTheatre', field: 'Seed', locate: byControl('seed'), message: /^The seed must be a whole number from 0 to 1,000,000; got .+\.$/, keeps: ['data-seed'] },
  { kind: 'typed', page: '/en/autoregressive-modelling/', widget: 'PixelSampler', field: 'Seed', locate: byControl('seed'), message: /^The seed must be a whole number from 0 to 1,000,000; got .+\.$/, keeps: ['data-seed'] },
  { kind: 'typed', page: '/en/autoregressive-modelling/', widget: 'CrossEntropyExplorer', field: 'Target', locate: byControl('target'), message: /^The target must be a whole number from 0 to 255; got .+\.$/, keeps: ['data-target'] },
  { kind: 'typed', page: '/en/autoregressive-modelling/', widget: 'CrossEntropyExplorer', field: 'Prediction', locate: byControl('predicted'), message: /^The prediction must be a whole number from 0 to 255; got .+\.$/, keeps: ['data-predicted'] },
  { kind: 'typed', page: '/en/autoregressive-modelling/', widget: 'CrossEntropyExplorer', field: 'Confidence', locate: byControl('confidence'), message: /^The confidence must be a number from 0\.05 to 0\.99; got .+\.$/, keeps: ['data-confidence'] },
  { kind: 'slider', page: '/en/autoregressive-modelling/', widget: 'CrossEntropyExplorer', field: 'Prediction slider', locate: byControl('predicted-slider'), range: [0, 255], reads: 'data-predicted' },
  { kind: 'typed', page: '/en/autoencoders-to-vq-vae/', widget: 'QuantizationPlayground', field: 'Codebook size K', locate: byControl('k'), message: /^K must be a whole number from 2 to 64; it stays 8\.$/, keeps: ['data-k', 'data-assignments'] },
  { kind: 'typed', page: '/en/beyond-vq-vae/', widget: 'VariantArena', field: 'Steps per run', locate: byControl('steps'), message: /^Steps must be a whole number from 1 to 2000; got .+\.$/, keeps: ['data-target', 'data-variants'] },
  { kind: 'slider', page: '/en/beyond-vq-vae/', widget: 'ResidualStages', field: 'Stages', locate: byControl('stages'), range: [1, 4], reads: 'data-stage' },
  { kind: 'link', page: '/en/beyond-vq-vae/', widget: 'VariantArena', field: '?variants=', message: variantsIgnored },
  attribute('encode-decode', 'EncodeDecode', 'examples', 'must be a whole number from 1 to 20'),
  attribute('quantization-playground', 'QuantizationPlayground', 'k', 'must be a whole number from 2 to 64'),
  attribute('quantization-playground', 'QuantizationPlayground', 'outputs', 'must be a whole number from 1 to 8'),
  attribute('sampling-theatre', 'SamplingTheatre', 'top-codes', 'must be a whole number from 1 to 16'),
  attribute('sampling-theatre', 'SamplingTheatre', 'lang', 'must be en or zh'),
  { kind: 'attribute', slug: 'sampling-theatre', widget: 'SamplingTheatre', field: 'backend', message: backendIgnored },
  query('preset', 'preset must be tiny or r1'),
  query('dataset', 'dataset must be mnist or fashion-mnist'),
  query('beta', 'β must be a number from 0 to 5'),
  query('learning-rate', 'the learning rate must be a number from 0\\.00001 to 0\\.1'),
  query('k', 'k must be a whole number from 2 to 512'),
  query('d', 'd must be a whole number from 1 to 64'),
  query('update', 'update must be loss or ema'),
  query('decay', 'the EMA decay must be a number from 0\\.5 to 0\\.9999'),
  query('restart', 'restart must be on or off'),
  query('examples', 'must be a whole number from 1 to 16'),
];

/** What one bad value got, for the closing note. */
type Outcome = { widget: string; field: string; value: Bad; got: string };

/** The page's address on the wasm backend, which is the quickest to start. */
function onWasm(page: string, extra: Record<string, string> = {}): string {
  const [path, search = ''] = page.split('?');
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries({ ...extra, backend: 'wasm' })) params.set(key, value);
  return `${path}?${params}`;
}

/** Types `text` into a number box as a reader would (no fill(), which will not put letters in one) and commits it with Enter. */
async function typeInto(page: Page, input: Locator, text: string) {
  await input.focus();
  await input.press('ControlOrMeta+A');
  await input.press('Delete');
  if (text) await page.keyboard.insertText(text);
  await input.press('Enter');
  await input.blur();
}

/** Puts a good value back in a box, committing it even when the box already shows it (Enter would not). */
async function putBack(input: Locator, text: string) {
  await input.fill(text);
  await input.dispatchEvent('change');
  await input.blur();
}

/** A refusal is short, and the page is no wider than its window. */
async function expectContained(page: Page, message: string) {
  expect(message.length, message).toBeLessThanOrEqual(LONGEST_MESSAGE);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

const stepOf = async (root: Locator) => Number(await root.getAttribute('data-step'));

/** Brings a widget of the open page into view (so it hydrates) and waits until it is ready. */
async function ready(page: Page, widget: string, within = page.locator('body')) {
  const root = within.locator(`[data-widget="${widget}"]`);
  await root.scrollIntoViewIfNeeded();
  await expect(root).toHaveAttribute('data-status', 'ready', { timeout: 180_000 });
  return root;
}

/** After the bad values, the widget's model still does its work. */
const stillWorks: Record<string, (root: Locator) => Promise<void>> = {
  SamplingTheatre: async (root) => {
    await root.locator('[data-action="batch"]').click();
    await expect(root).toHaveAttribute('data-batch', '16', { timeout: 120_000 });
  },
};

/** Writes the outcomes to the test's output folder. */
async function record(outcomes: Outcome[]) {
  await writeFile(test.info().outputPath('bad-inputs.json'), JSON.stringify(outcomes, null, 2));
}

/** The pages whose number boxes and sliders the table lists, in order. */
const fieldPages = [...new Set(TABLE.filter((row) => row.kind === 'typed' || row.kind === 'slider').map((row) => row.page))];

for (const path of fieldPages) {
  test(`${path}: every number box and slider refuses each bad value, and what runs goes on`, async ({ page }) => {
    const rows = TABLE.filter((row): row is Typed | Slider => (row.kind === 'typed' || row.kind === 'slider') && row.page === path);
    const outcomes: Outcome[] = [];
    const watched = watchPage(page);
    await page.goto(onWasm(path));
    const roots = new Map<string, Locator>();
    for (const widget of new Set(rows.map((row) => row.widget))) roots.set(widget, await ready(page, widget));
    const trainer = roots.get('TrainingLab');
    if (trainer) {
      await trainer.locator('[data-action="train"]').click();
      await expect(trainer).toHaveAttribute('data-status', 'training');
    }
    for (const row of rows) {
      const root = roots.get(row.widget)!;
      const input = row.locate(root);
      const original = await input.inputValue();
      for (const [name, value] of Object.entries(BAD) as [Bad, string][]) {
        const before = trainer ? await stepOf(trainer) : 0;
        if (row.kind === 'slider') {
          const held = await input.evaluate((element: HTMLInputElement, text) => {
            element.value = text;
            element.dispatchEvent(new Event('input', { bubbles: true }));
            element.dispatchEvent(new Event('change', { bubbles: true }));
            return element.value;
          }, value);
          expect(Number(held)).toBeGreaterThanOrEqual(row.range[0]);
          expect(Number(held)).toBeLessThanOrEqual(row.range[1]);
          await expect(root).toHaveAttribute(row.reads, String(Number(held)));
          outcomes.push({ widget: row.widget, field: row.field, value: name, got: `held at ${held} by the browser (range ${row.range.join('–')}); no message needed` });
        } else {
          // The value in use first, so that the refusal seen next is this value's, not the last one's.
          await putBack(input, original);
          await expect(root.getByRole('alert').filter({ hasText: row.message })).toHaveCount(0);
          const kept = await Promise.all(row.keeps.map((attribute) => root.getAttribute(attribute)));
          await typeInto(page, input, value);
          const accepted = row.accepts?.[name];
          if (accepted !== undefined) {
            await expect(root).toHaveAttribute(row.keeps[0]!, accepted);
            await expect(root.getByRole('alert')).toHaveCount(0);
            outcomes.push({ widget: row.widget, field: row.field, value: name, got: `accepted as ${accepted}` });
          } else {
            const alert = root.getByRole('alert').filter({ hasText: row.message });
            await expect(alert).toHaveCount(1);
            const message = (await alert.textContent())!.trim();
            await expectContained(page, message);
            for (const [i, attribute] of row.keeps.entries()) await expect(root, `${row.field} = ${name} leaves ${attribute}`).toHaveAttribute(attribute, kept[i]!);
            if (row.absent) await expect(root.locator(row.absent)).toHaveCount(0);
            outcomes.push({ widget: row.widget, field: row.field, value: name, got: message });
          }
        }
        if (trainer) {
          await expect(trainer).toHaveAttribute('data-status', 'training');
          await expect.poll(() => stepOf(trainer), { timeout: 60_000 }).toBeGreaterThan(before);
        }
      }
      // The field still takes a good value afterwards.
      if (row.kind === 'typed') {
        await putBack(input, original);
        await expect(root.getByRole('alert').filter({ hasText: row.message })).toHaveCount(0);
      }
    }
    for (const [widget, root] of roots) await stillWorks[widget]?.(root);
    await record(outcomes);
    expect(watched.problems).toEqual([]);
  });
}

/** The pages whose links the table lists. */
const linkPages = [...new Set(TABLE.filter((row) => row.kind === 'link').map((row) => row.page))];

for (const path of linkPages) {
  test(`${path}: a link with a bad value in each setting opens the widget on its defaults, saying what it ignored`, async ({ page }) => {
    const rows = TABLE.filter((row): row is Link => row.kind === 'link' && row.page === path);
    const widget = rows[0]!.widget;
    const outcomes: Outcome[] = [];
    const watched = watchPage(page);
    for (const [name, value] of Object.entries(BAD) as [Bad, string][]) {
      const keys = Object.fromEntries(rows.map((row) => [row.field.slice(1, -1), value]));
      await page.goto(onWasm(path, keys));
      const root = await ready(page, widget);
      for (const row of rows) {
        const alert = root.getByRole('alert').filter({ hasText: row.message });
        await expect(alert, `${row.field}${name}`).toHaveCount(1);
        const message = (await alert.textContent())!.trim();
        await expectContained(page, message);
        outcomes.push({ widget, field: row.field, value: name, got: message });
      }
      if (widget === 'TrainingLab') {
        // The lab opened on the pretrained model of its defaults, keeps none of the refused values in its
        // address, and trains.
        await expect(root).toHaveAttribute('data-started-from', 'pretrained');
        for (const key of Object.keys(keys)) expect(new URL(page.url()).searchParams.get(key), key).toBeNull();
        const start = await stepOf(root);
        await root.locator('[data-action="train"]').click();
        await expect.poll(() => stepOf(root), { timeout: 60_000 }).toBeGreaterThanOrEqual(start + 2);
        await root.locator('[data-action="train"]').click();
      } else {
        await expect(root).toHaveAttribute('data-variants', 'plain,cosine,fsq');
      }
    }
    await record(outcomes);
    expect(watched.problems).toEqual([]);
  });
}


const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

test("embedded elements: each attribute refuses each bad value inside the element, and the widget starts on its defaults", async ({ page }) => {
  const rows = TABLE.filter((row): row is Attribute => row.kind === 'attribute');
  const outcomes: Outcome[] = [];
  const slugs = [...new Set(rows.map((row) => row.slug))];
  const watched = watchPage(page);
  // Someone else's page, at an address of the site's origin that the build does not contain.
  const url = new URL('/bad-input-fixture.html', test.info().project.use.baseURL).href;
  let html = '';
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  for (const [name, value] of Object.entries(BAD) as [Bad, string][]) {
    // The first element starts the page's engine on wasm; the others take their bad values.
    const elements = slugs.map((slug) => {
      const attributes = rows.filter((row) => row.slug === slug).map((row) => `${row.field}="${escapeAttribute(value)}"`);
      return `<vq-${slug} ${slug === slugs[0] ? 'backend="wasm" ' : ''}${attributes.join(' ')}></vq-${slug}>`;
    });
    html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Someone else's page</title><script type="module" src="/embed/widgets.js"></script></head><body style="max-width: 60rem; margin: 1rem auto">${elements.join('\n')}</body></html>`;
    await page.goto(url);
    for (const slug of slugs) {
      const element = page.locator(`vq-${slug}`);
      await ready(page, rows.find((row) => row.slug === slug)!.widget, element);
      await expect(element).toHaveAttribute('data-embed', 'refused-attributes');
      for (const row of rows.filter((r) => r.slug === slug)) {
        const problem = element.locator('[data-embed-problems] p').filter({ hasText: row.message });
        await expect(problem, `${row.field} = ${name}`).toHaveCount(1);
        const message = (await problem.textContent())!.trim();
        await expectContained(page, message);
        outcomes.push({ widget: `<vq-${slug}>`, field: row.field, value: name, got: message });
      }
    }
    // The playground starts on its defaults and still redraws.
    const playground = page.locator('vq-quantization-playground [data-widget="QuantizationPlayground"]');
    await expect(playground).toHaveAttribute('data-k', '8');
    await expect(playground).toHaveAttribute('data-assignments', /^\d+(,\d+){3}$/);
  }
  await record(outcomes);
  expect(watched.problems).toEqual([]);
});

test('the iframe page /embed/training-lab/: each query parameter refuses each bad value, and the lab trains on its defaults', async ({ page }) => {
  const rows = TABLE.filter((row): row is Attribute => row.kind === 'query');
  const outcomes: Outcome[] = [];
  const watched = watchPage(page);
  for (const [name, value] of Object.entries(BAD) as [Bad, string][]) {
    const keys = Object.fromEntries(rows.map((row) => [row.field, value]));
    await page.goto(onWasm('/embed/training-lab/', keys));
    const root = await ready(page, 'TrainingLab');
    const element = page.locator('vq-training-lab');
    await expect(element).toHaveAttribute('data-embed', 'refused-attributes');
    for (const row of rows) {
      const problem = element.locator('[data-embed-problems] p').filter({ hasText: row.message });
      await expect(problem, `${row.field} = ${name}`).toHaveCount(1);
      const message = (await problem.textContent())!.trim();
      await expectContained(page, message);
      outcomes.push({ widget: '/embed/training-lab/', field: `?${row.field}=`, value: name, got: message });
    }
    await expect(root).toHaveAttribute('data-k', '64');
    await expect(root).toHaveAttribute('data-beta', '0.25');
    const start = await stepOf(root);
    await root.locator('[data-action="train"]').click();
    await expect.poll(() => stepOf(root), { timeout: 60_000 }).toBeGreaterThanOrEqual(start + 2);
  }
  await record(outcomes);
  expect(watched.problems).toEqual([]);
});
