/**
 * tfjs-core for the model module. tfjs-core keeps op gradients in a separate registry that the full
 * @tensorflow/tfjs bundle fills in; importing this file fills it once, so training works in Node,
 * a Worker or a page without pulling in tfjs-layers or the converter.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients';

export * from '@tensorflow/tfjs-core';
