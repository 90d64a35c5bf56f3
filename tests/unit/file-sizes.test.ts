import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/** Every source file below a folder; a package's build output (dist/) is not source. */
function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? (entry.name === 'dist' ? [] : sources(join(directory, entry.name))) : /\.(ts|svelte)$/.test(entry.name) ? [join(directory, entry.name)] : [],
  );
}

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').length - 1;

// One concept per file: a file that outgrows these has started to hold a second one.
it('no file in src/lib is longer than 300 lines, and the VQ-VAE itself stays under 250', () => {
  const long = sources('src/lib').filter((file) => lines(file) > 300).map((file) => `${file}: ${lines(file)} lines`);
  expect(long).toEqual([]);
  expect(lines('src/lib/vq/vqvae.ts')).toBeLessThan(250);
});
