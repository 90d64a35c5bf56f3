import { expect, test, type Page } from './test.ts';
import { loadDatasetFromDisk } from '../../src/lib/data/node.ts';
import type { DatasetName } from '../../src/lib/data/manifest.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { expectNoEnglish } from './no-english.ts';
import { watchPage } from './watch-page.ts';

/** The grey values drawn on a widget's canvas, one image after another, read back from the pixels. */
async function drawnImages(page: Page, dataset: DatasetName, count: number): Promise<number[]> {
  return page.locator(`[data-widget="DatasetPreview"][data-dataset="${dataset}"] canvas`).evaluate((canvas, count) => {
    const c = canvas as HTMLCanvasElement;
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    const columns = (c.width + 1) / 29;
    const values: number[] = [];
    for (let i = 0; i < count; i++) {
      const left = (i % columns) * 29;
      const top = Math.floor(i / columns) * 29;
      for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) values.push(data[((top + y) * c.width + left + x) * 4]);
    }
    return values;
  }, count);
}

for (const dataset of ['mnist', 'fashion-mnist'] as const) {
  test(`${dataset}: the browser decodes exactly the pixels Node decodes, and caches the download`, async ({ page }) => {
    const watched = watchPage(page);
    const binRequests: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith(`/data/${dataset}/`) && path.endsWith('.bin')) binRequests.push(path);
    });
    await page.goto('/en/credits/');
    const widget = page.locator(`[data-widget="DatasetPreview"][data-dataset="${dataset}"]`);
    await widget.scrollIntoViewIfNeeded();
    await expect(widget).toHaveAttribute('data-status', 'ready');
    await expect(widget).toHaveAttribute('data-count', '24');
    await widget.screenshot({ path: `test-results/datasets/${dataset}.png` });

    const expected = await loadDatasetFromDisk(dataset);
    const drawn = await drawnImages(page, dataset, 24);
    expect(drawn).toEqual(Array.from(expected.test.images.subarray(0, 24 * 784)));
    // Only the small test file is needed for a preview.
    expect(binRequests).toEqual([`/data/${dataset}/test.bin`]);

    // A second visit finds the file in Cache Storage and downloads nothing but the manifest.
    binRequests.length = 0;
    await page.reload();
    await widget.scrollIntoViewIfNeeded();
    await expect(widget).toHaveAttribute('data-status', 'ready');
    expect(await drawnImages(page, dataset, 24)).toEqual(drawn);
    expect(binRequests).toEqual([]);
    expect(watched.problems).toEqual([]);
  });
}

test('on /zh/credits/ the previews speak Chinese, Fashion-MNIST\'s classes included', async ({ page }) => {
  const watched = watchPage(page);
  await page.goto('/zh/credits/');
  const en = widgetStrings('en');
  for (const dataset of ['mnist', 'fashion-mnist'] as const) {
    const widget = page.locator(`[data-widget="DatasetPreview"][data-dataset="${dataset}"]`);
    await widget.scrollIntoViewIfNeeded();
    await expect(widget).toHaveAttribute('data-status', 'ready');
    // The credits' prose around it may be English; the widget says it is Chinese.
    await expect(widget).toHaveAttribute('lang', 'zh-Hans');
    await expect(widget.locator('figcaption')).toHaveText(/^(MNIST|Fashion-MNIST)：[\d,]+ 张测试图像中的前 24 张；训练集有 [\d,]+ 张。加载并解码用时 [\d,]+ ms。$/);
    await expectNoEnglish(widget, [en.datasetPreview, en.common]);
    await widget.screenshot({ path: `${process.env.ZH_SHOTS ?? 'test-results/datasets'}/${dataset}-zh.png` });
  }
  const fashion = page.locator('[data-widget="DatasetPreview"][data-dataset="fashion-mnist"]').getByRole('img');
  await expect(fashion).toHaveAccessibleName(/^Fashion-MNIST 的前 24 张测试图像：短靴、套头衫、裤子、/);
  expect(watched.problems).toEqual([]);
});
