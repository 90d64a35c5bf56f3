import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const dir = 'src/lib/vq';

it('the model module imports only tfjs-core and its own files, so it runs in Node, a Worker and a page', () => {
  const offending: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const [, specifier] of source.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]/g)) {
      if (specifier && !specifier.startsWith('./') && !specifier.startsWith('@tensorflow/tfjs-core')) offending.push(`${file}: ${specifier}`);
    }
    for (const global of ['document', 'window', 'navigator', 'localStorage', 'HTMLElement']) {
      if (new RegExp(`\\b${global}\\b`).test(source.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, ''))) offending.push(`${file}: uses ${global}`);
    }
  }
  expect(offending).toEqual([]);
  expect(readdirSync(dir).length).toBeGreaterThan(3);
});
