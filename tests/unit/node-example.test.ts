import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);

// The example imports the built package (src/lib/vq/dist), which must not lag behind the sources under test.
beforeAll(() => run(process.execPath, ['scripts/build-vq.ts', '--if-stale'], { timeout: 60_000 }), 60_000);

it('examples/node-train.ts imports the built package by name in plain Node and trains a few steps', async () => {
  const { stdout } = await run(process.execPath, ['examples/node-train.ts', '--steps', '4', '--batch', '16'], { timeout: 60_000 });
  expect(stdout).toMatch(/backend wasm/);
  for (const step of [1, 2, 3, 4]) expect(stdout).toMatch(new RegExp(`^step ${step}: loss \\d+\\.\\d+, perplexity \\d+\\.\\d$`, 'm'));
  const [before, after] = [...stdout.matchAll(/held-out MSE (?:before|after): (\d+\.\d+)/g)].map((m) => Number(m[1]));
  expect(after).toBeLessThan(before);
  expect(stdout).toMatch(/4 steps in [\d.]+ s/);
});
