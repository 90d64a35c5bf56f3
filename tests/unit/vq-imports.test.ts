import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect, it } from 'vitest';

const domGlobals = ['document', 'window', 'navigator', 'localStorage', 'HTMLElement', 'location'];

it('the model module reaches only tfjs-core and DOM-free files, so it runs in Node, a Worker and a page', () => {
  const offending: string[] = [];
  const seen = new Set<string>();
  const queue = ['src/lib/vq/index.ts'];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    const code = source.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '');
    for (const match of code.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\s+['"]([^'"]+)['"]/g)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) {
        const target = join(dirname(file), specifier);
        if (!existsSync(target)) offending.push(`${file}: ${specifier} does not exist`);
        else queue.push(target);
      } else if (!specifier.startsWith('@tensorflow/tfjs-core') && specifier !== '#tfjs-gradients') {
        offending.push(`${file}: imports ${specifier}`);
      }
    }
    for (const global of domGlobals) if (new RegExp(`\\b${global}\\b`).test(code)) offending.push(`${file}: uses ${global}`);
  }
  expect(offending).toEqual([]);
  expect([...seen].map((f) => relative('src/lib', f))).toContain('vq/vq-losses.ts');
});
