import * as tf from '@tensorflow/tfjs-core';
import { startWasm, train } from './train';

await startWasm();
// A fixed batch of soft vertical bars, [16,28,28,1] in [0, 1]; any images of that shape will do.
const images = tf.tidy(() => {
  const column = tf.reshape(tf.range(0, 28), [1, 1, 28, 1]);
  const centres = tf.reshape(tf.linspace(4, 23, 16), [16, 1, 1, 1]);
  return tf.tile(tf.exp(tf.mul(-0.2, tf.square(tf.sub(column, centres)))), [1, 28, 1, 1]) as tf.Tensor4D;
});
const status = document.querySelector<HTMLElement>('#status');
train(5, images).then(
  (losses) => {
    Object.assign(window, { result: { losses, backend: tf.getBackend() } });
    if (status) status.textContent = `5 steps on ${tf.getBackend()}: ${losses.map((l) => l.toFixed(4)).join(', ')}`;
    document.body.dataset.status = 'done';
  },
  (error: unknown) => {
    if (status) status.textContent = `Failed: ${error instanceof Error ? error.message : String(error)}`;
    document.body.dataset.status = 'error';
  },
);
