// Plain Node, no TypeScript loader: the package is JavaScript with its gradients built in.
import * as tf from '@tensorflow/tfjs-core';
import { VQVAE, useBackend } from '@vq-vae-live/vq';

const { backend } = await useBackend('wasm', { backends: { wasm: () => import('@tensorflow/tfjs-backend-wasm') } });
const model = VQVAE.create({ preset: 'tiny', codebookSize: 32, beta: 0.25, seed: 1 });
const images = tf.randomUniform([16, 28, 28, 1], 0, 1, 'float32', 7);
const losses = [];
for (let step = 0; step < 5; step++) losses.push((await model.trainStep(images)).loss);
console.log(JSON.stringify({ backend, losses }));
