/**
 * tfjs-core for the model module, with op gradients registered. tfjs-core keeps gradients in a separate
 * registry that the full @tensorflow/tfjs package fills in. `#tfjs-gradients` (package.json "imports")
 * picks the file that can do it where we run: bundlers take core's ES-module registration file, which
 * keeps tfjs-layers and the converter out of the browser bundle; plain Node cannot load that file (its
 * imports have no extensions), so there it takes @tensorflow/tfjs's Node bundle, which registers the
 * same gradients into the same tfjs-core.
 */
import '#tfjs-gradients';

export * from '@tensorflow/tfjs-core';
