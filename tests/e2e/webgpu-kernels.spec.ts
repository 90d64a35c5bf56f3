import { expect, test } from './test.ts';
import type { PageResult } from '../model-page/kernel-checks.ts';
import { modelPageUrl } from './model-page.ts';

// The project's WebGPU kernels against its cpu kernels, in Chromium (SwiftShader WebGPU here, flags in
// tests/browser.ts): every fused op's outputs and gradients within 1e-4, run on the model page
// (tests/model-page), which Playwright serves beside the site.
const TOLERANCE = 1e-4;

test.describe.configure({ timeout: 600_000 });

test('the WebGPU kernels agree with the cpu kernels, values and gradients, and a training step is counted', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(modelPageUrl());
  await page.waitForFunction(() => typeof window.runKernelChecks === 'function');
  const result: PageResult = await page.evaluate(() => window.runKernelChecks());
  testInfo.annotations.push({ type: 'kernels per training step on WebGPU', description: JSON.stringify(result.steps) });
  console.log(JSON.stringify(result, null, 1));

  expect(result.backend).toBe('webgpu');
  expect(result.registered).toBe(true);
  for (const check of result.checks) {
    expect.soft(check.relativeError, check.name).toBeLessThanOrEqual(TOLERANCE);
    expect.soft(check.integerMismatches, check.name).toBe(0);
  }
  // The fused ops ran as the project's kernels on WebGPU, not as the fallback composition.
  const lookups = result.checks.filter((c) => c.name.startsWith('nearestCodeLookup'));
  for (const check of lookups) expect(check.webgpuKernels).toContain('VQNearestCodeLookup');
  expect(result.checks.find((c) => c.name.startsWith('codeSums'))!.webgpuKernels).toContain('VQSumByCode');
  for (const step of result.steps) expect(step.byName.VQNearestCodeLookup).toBe(1);
  expect(errors).toEqual([]);
});
