import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const entry = resolve('src/lib/engine/index.ts');
const clearMessage = /vq engine: its client classes use Svelte 5 runes, and this bundler did not compile them\. Add the Svelte plugin/;

it('the engine entry checks for Svelte before anything else', () => {
  const firstStatement = readFileSync(entry, 'utf8').replace(/\/\*[\s\S]*?\*\//, '').trim().split('\n')[0];
  expect(firstStatement).toBe("import './svelte-compiled.svelte.ts';");
});

it('compiled by Svelte (as here, through the Svelte plugin), the check passes', async () => {
  const { svelteCompiled } = await import('../../src/lib/engine/svelte-compiled.svelte.ts');
  expect(svelteCompiled).toBe(true);
});

it('bundled by Vite without the Svelte plugin, importing the engine fails at once with a message that says what to add', async () => {
  const { build } = await import('vite');
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, ssr: entry, rollupOptions: { external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.includes('?') } },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((result) => ('output' in result ? result.output : []));
  const main = chunks.find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
  expect(main?.type).toBe('chunk');
  // Inside the repository, so that the bundle's package imports resolve as they would in the consumer's app.
  const folder = mkdtempSync(join(resolve('node_modules'), '.vq-engine-entry-'));
  try {
    const file = join(folder, 'engine.mjs');
    writeFileSync(file, main!.type === 'chunk' ? main!.code : '');
    const run = () => execFileSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(file).href)})`], { cwd: resolve('.'), encoding: 'utf8', stdio: 'pipe' });
    expect(run).toThrow(clearMessage);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}, 120_000);
