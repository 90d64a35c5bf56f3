import { expect, it } from 'vitest';
import { MetricsStream, vqMetricPoint } from '../../src/lib/engine/metrics-stream.ts';
import type { TrainMetrics } from '../../src/lib/vq/index.ts';

const metrics = (step: number, rejected: string | null = null): TrainMetrics => ({
  step, loss: 1, reconstruction: 1, codebook: 0, commitment: 0, perplexity: 1, usage: [step], encoderGradientNorm: 1, deadCodes: 0, restarted: 0, rejected,
});

it('sends at most 10 messages a second, with every step, and a rejected step at once', () => {
  let now = 0;
  const sent: { steps: number[]; usage: number[] }[] = [];
  const stream = new MetricsStream((history, latest) => sent.push({ steps: history.map((p) => p.step), usage: latest.usage }), vqMetricPoint, () => now);
  // 1000 steps over one second, one per millisecond.
  for (let step = 1; step <= 1000; step++, now += 1) stream.push(metrics(step));
  expect(sent.length).toBeLessThanOrEqual(10);
  stream.flush();
  expect(sent.flatMap((s) => s.steps)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  expect(sent.at(-1)!.usage).toEqual([1000]);
  const before = sent.length;
  now += 1;
  stream.push(metrics(1001, 'step 1001 rejected'));
  expect(sent.length).toBe(before + 1);
  stream.flush();
  expect(sent.length).toBe(before + 1);
});
