import { defineConfig } from '@playwright/test';
import { browserLaunchOptions } from './tests/browser.ts';

const port = Number(process.env.E2E_PORT ?? 4329);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  // SwiftShader WebGPU is slow and the machine has two cores; parallel browsers only make each one flaky.
  workers: 1,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: browserLaunchOptions(),
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  // The tests run against the production build, served as a static host would serve it, by the same
  // script as `npm start`.
  webServer: [
    {
      command: `npx astro build && node scripts/serve.ts dist ${port}`,
      url: `http://127.0.0.1:${port}/en/`,
      timeout: 300_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // The model module alone on a page (tests/model-page), for tests that drive it directly.
      command: `npx vite build --config tests/model-page/vite.config.ts && node scripts/serve.ts dist-model-page ${port + 1}`,
      url: `http://127.0.0.1:${port + 1}/`,
      timeout: 120_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      // Pages on a second origin that use the site as another site would (tests/second-origin).
      command: `node scripts/serve.ts --plain tests/second-origin ${port + 2}`,
      url: `http://127.0.0.1:${port + 2}/`,
      timeout: 30_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
