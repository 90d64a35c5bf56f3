import { expect, test } from './test.ts';
import { secondOriginUrl } from './second-origin.ts';

// Another site's page imports https://<site>/lib/vq.js and trains: the hosted module, its backend chunks
// and the wasm binaries all come across origins, with the CORS headers `npm start` sends.
test('a page on another origin imports /lib/vq.js and trains the tiny VQ-VAE on wasm', async ({ page, baseURL }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(secondOriginUrl('lib.html', new URL(baseURL!).origin));
  await expect(page.locator('body')).toHaveAttribute('data-status', /done|error/, { timeout: 60_000 });
  await expect(page.locator('#status')).not.toContainText('Failed');
  const result = await page.evaluate(() => (window as unknown as { result: { losses: number[]; backend: string; tensorsLeft: number; tensorsBefore: number } }).result);
  expect(result.backend).toBe('wasm');
  expect(result.losses).toHaveLength(40);
  expect(result.losses.every(Number.isFinite)).toBe(true);
  // Forty steps on one fixed batch: the loss of the last five is well below that of the first five.
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  expect(mean(result.losses.slice(-5))).toBeLessThan(0.8 * mean(result.losses.slice(0, 5)));
  // Disposing the model frees what it held.
  expect(result.tensorsLeft).toBeLessThan(result.tensorsBefore);
  expect(errors).toEqual([]);
});

test('the hosted module and its declarations are served with CORS at stable addresses', async ({ request, baseURL }) => {
  for (const path of ['/lib/vq.js', '/lib/vq.d.ts', '/lib/types/index.d.ts', '/lib/wasm/tfjs-backend-wasm-simd.wasm']) {
    const response = await request.get(new URL(path, baseURL).href);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['access-control-allow-origin'], path).toBe('*');
  }
  const types = await (await request.get(new URL('/lib/vq.d.ts', baseURL).href)).text();
  expect(types).toContain("export * from './types/index.js'");
  const index = await (await request.get(new URL('/lib/types/index.d.ts', baseURL).href)).text();
  expect(index).toContain('useBackend');
  expect(index).not.toMatch(/from '\.[^']*\.ts'/);
});
