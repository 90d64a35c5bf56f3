/**
 * A bundler plugin that bundles tfjs-core's gradient registrations into the model package without a second
 * copy of tfjs-core. The registrations live in tfjs-core's dist/ as ES modules whose imports have no file
 * extensions, which plain Node cannot load; bundling them fixes that, but bundled naively they pull in
 * their own copy of tfjs-core's engine, ops and tensors (50 KB gzipped). So each bundled tfjs-core file has
 * its imports rewritten to read from the one tfjs-core the consumer installed, by its public names:
 * top-level exports (`mul`, `Conv2D`), members of its public namespaces (`backend_util.getAxesPermutation`),
 * and the engine and Tensor class. Only what tfjs-core keeps private (a few gradient helper ops such as
 * conv2DBackpropFilter) stays bundled, and that too reads the engine from the installed copy.
 */
import { createRequire } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** tfjs-core's internal modules whose exports it also publishes under a namespace. */
const namespaces: Record<string, string> = {
  'ops/broadcast_util': 'broadcast_util',
  util: 'util',
  util_base: 'util',
  'ops/axis_util': 'backend_util',
  'ops/conv_util': 'backend_util',
  'ops/selu_util': 'backend_util',
  'ops/slice_util': 'slice_util',
};

/** Private tfjs-core values with a public equivalent: the one engine, and the one Tensor class. */
const equivalents: Record<string, string> = {
  ENGINE: '__tfc.engine()',
  getGlobalTensorClass: '() => __tfc.Tensor',
};

/** The plugin: resolves `#tfjs-gradients` to tfjs-core's registration file and rewrites what it pulls in. */
export function tfjsGradients(root: string): Plugin {
  const require = createRequire(resolve(root, 'package.json'));
  const coreDist = dirname(require.resolve('@tensorflow/tfjs-core/dist/index.js'));
  let publicNames: Record<string, unknown> | null = null;
  const loadPublic = async () => (publicNames ??= (await import('@tensorflow/tfjs-core')) as unknown as Record<string, unknown>);
  return {
    name: 'vq-tfjs-gradients',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === '#tfjs-gradients') return resolve(coreDist, 'register_all_gradients.js');
      // tfjs-core's own files import each other without extensions.
      if (importer?.startsWith(coreDist) && source.startsWith('.') && !source.endsWith('.js')) return resolve(dirname(importer), `${source}.js`);
      return null;
    },
    async transform(code, id) {
      if (!id.startsWith(coreDist)) return null;
      const core = await loadPublic();
      const header: string[] = [];
      const rewritten = code.replace(/^import\s+(\*\s+as\s+(\w+)|\{([^}]*)\})\s+from\s+'([^']+)';$/gm, (statement, _what, namespace: string | undefined, names: string | undefined, from: string) => {
        if (!from.startsWith('.')) return statement;
        const target = relative(coreDist, resolve(dirname(id), from)).replace(/\.js$/, '');
        const published = namespaces[target];
        if (namespace !== undefined) return published && isNamespace(core[published]) ? `const ${namespace} = __tfc.${published};` : statement;
        const kept: string[] = [];
        const read: string[] = [];
        for (const part of (names ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
          const [name = part, local = name] = part.split(/\s+as\s+/);
          const equivalent = equivalents[name];
          if (equivalent !== undefined) read.push(`const ${local} = ${equivalent};`);
          else if (name in core) read.push(`const ${local} = __tfc.${name};`);
          else if (published && name in (core[published] as object)) read.push(`const ${local} = __tfc.${published}.${name};`);
          else kept.push(part);
        }
        return [kept.length > 0 ? `import { ${kept.join(', ')} } from '${from}';` : '', ...read].filter(Boolean).join('\n');
      });
      // Each file repeats the same Apache-2.0 header (80 KB in all); the bundle states it once (tfjsLicence).
      const bare = rewritten.replace(/\/\*\*\s*\n\s*\* @license[\s\S]*?\*\/\n?/, '');
      if (bare === code) return null;
      if (rewritten !== code) header.push("import * as __tfc from '@tensorflow/tfjs-core';");
      return { code: `${header.join('\n')}\n${bare}`, map: null };
    },
  };
}

/** The notice the bundled tfjs-core files carry, once, for the top of the bundle. */
export const tfjsLicence =
  '/*! Includes gradient definitions from TensorFlow.js tfjs-core (https://github.com/tensorflow/tfjs), Copyright Google LLC,\n' +
  ' * licensed under the Apache License, Version 2.0: http://www.apache.org/licenses/LICENSE-2.0 */';

const isNamespace = (value: unknown) => typeof value === 'object' && value !== null;
