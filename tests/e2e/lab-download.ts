import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';

/** Clicks the lab's download button and saves its two files in the test's output folder; returns their paths. */
export async function downloadCheckpoint(page: Page, lab: Locator, testInfo: TestInfo): Promise<{ json: string; weights: string }> {
  const downloads: string[] = [];
  page.on('download', async (download) => {
    const path = testInfo.outputPath(download.suggestedFilename());
    await download.saveAs(path);
    downloads.push(path);
  });
  await lab.locator('[data-action="download"]').click();
  await expect.poll(() => downloads.length).toBe(2);
  return { json: downloads.find((p) => p.endsWith('.json'))!, weights: downloads.find((p) => p.endsWith('.weights.bin'))! };
}
