import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const moduleRoot = resolve('src/lib/vq');
const domGlobals = ['document', 'window', 'navigator', 'localStorage', 'HTMLElement', 'location'];

/** Every specifier a file names: static and type imports, re-exports, side-effect imports and dynamic import(). */
function importSpecifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1');
  const patterns = [/\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  return patterns.flatMap((pattern) => [...code.matchAll(pattern)].map((match) => match[1]!));
}

/** The module's source files; its build (dist/) is checked by the package tests. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? (entry.name === 'dist' ? [] : filesUnder(join(directory, entry.name))) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
  );
}

/** What a file may name besides files of the module: tfjs-core, and the gradient registration `tf.ts` maps. */
function allowedPackage(file: string, specifier: string): boolean {
  if (specifier === '@tensorflow/tfjs-core' || specifier.startsWith('@tensorflow/tfjs-core/')) return true;
  if (specifier === '#tfjs-gradients') return relative(moduleRoot, file) === 'tf.ts';
  // The Node-only entry reads checkpoint files; index.ts never reaches it (checked below).
  return relative(moduleRoot, file) === 'node.ts' && specifier.startsWith('node:');
}

it('the specifier scan sees every form of import, so the test below cannot miss one', () => {
  const source = [
    "import * as tf from '@tensorflow/tfjs-core';",
    "import type { Split } from '../data/dataset.ts';",
    "import '#side-effect';",
    "export { a } from './a.ts';",
    "export * from 'pkg';",
    "const lazy = await import('../engine/lazy.ts');",
    "// import { commented } from 'nowhere';",
  ].join('\n');
  expect(importSpecifiers(source).sort()).toEqual(['#side-effect', '../data/dataset.ts', '../engine/lazy.ts', './a.ts', '@tensorflow/tfjs-core', 'pkg'].sort());
});

it('src/lib/vq imports only its own files and @tensorflow/tfjs-core, and never the DOM', () => {
  const offending: string[] = [];
  for (const file of filesUnder(moduleRoot)) {
    const name = relative(moduleRoot, file);
    for (const specifier of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (relative(moduleRoot, target).startsWith('..')) offending.push(`${name}: imports ${specifier}, outside src/lib/vq`);
        else if (!existsSync(target)) offending.push(`${name}: ${specifier} does not exist`);
      } else if (!allowedPackage(file, specifier)) {
        offending.push(`${name}: imports ${specifier}`);
      }
    }
  }
  expect(offending).toEqual([]);
});

it('the gradient registration that tf.ts imports resolves to tfjs-core or the tfjs package that fills the same registry', () => {
  const { imports } = JSON.parse(readFileSync(join(moduleRoot, 'package.json'), 'utf8')) as { imports: Record<string, Record<string, string>> };
  expect(Object.values(imports['#tfjs-gradients']!).every((target) => target.startsWith('@tensorflow/tfjs-core/') || target === '@tensorflow/tfjs')).toBe(true);
});

it('everything index.ts reaches is free of DOM globals and of Node built-ins', () => {
  const offending: string[] = [];
  const seen = new Set<string>();
  const queue = [join(moduleRoot, 'index.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const specifier of importSpecifiers(source)) {
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else if (specifier.startsWith('node:')) offending.push(`${relative(moduleRoot, file)}: imports ${specifier}`);
    }
    let code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    // WebGPU is found through navigator.gpu, which Workers have too: useBackend may read that, optionally
    // through globalThis, and name it in its messages; any other use of navigator still fails.
    if (relative(moduleRoot, file) === 'use-backend.ts') for (const allowed of ['{ navigator?: { gpu?', ').navigator?.gpu', '(navigator.gpu is missing)']) code = code.replaceAll(allowed, '');
    for (const global of domGlobals) if (new RegExp(`\\b${global}\\b`).test(code)) offending.push(`${relative(moduleRoot, file)}: uses ${global}`);
  }
  expect(offending).toEqual([]);
  expect([...seen].map((f) => relative(moduleRoot, f))).toContain('vq-losses.ts');
});
