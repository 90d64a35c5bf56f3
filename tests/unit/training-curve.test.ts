import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { LAB_CHECKPOINTS } from '../../src/lib/widgets/lab-settings.ts';
import { CURVE_FILE, curveFileText, readCurve, summariseTrainingLog, type TrainingLog } from '../../src/lib/widgets/training-curve.ts';

const read = (name: string, file: string) => readFileSync(`public/models/${name}/${file}`, 'utf8');

it.each(LAB_CHECKPOINTS)('the committed curve of %s is what scripts/summarise-training-log.ts makes from its log', (name) => {
  const log = JSON.parse(read(name, 'training-log.json')) as TrainingLog;
  const committed = read(name, CURVE_FILE);
  expect(committed).toBe(curveFileText(summariseTrainingLog(log)));
  // Small enough to fetch when the lab comes into view: the full log is about 500 KB.
  expect(committed.length).toBeLessThan(20_000);
  const { points, steps, batchSize, heldOutMse } = readCurve(JSON.parse(committed));
  expect([steps, batchSize, heldOutMse]).toEqual([log.steps, log.batchSize, log.evaluations.at(-1)!.heldOutMse]);
  expect(points.length).toBe(Math.ceil(log.metrics.length / 10));
  expect(points.at(-1)!.step).toBeGreaterThan(log.steps - 10);
  expect(points.at(-1)!.step).toBeLessThanOrEqual(log.steps);
});

it('averages each bucket of steps, sums its restarts, and leaves rejected steps out', () => {
  const step = (n: number, value: number, rejected: string | null = null) => ({ step: n, loss: value, reconstruction: value, codebook: value, commitment: value, perplexity: value, deadCodes: value, restarted: 1, rejected });
  const log: TrainingLog = {
    model: 'vqvae', dataset: 'mnist', config: { beta: 0.25 }, batchSize: 8, steps: 5,
    metrics: [step(1, 1), step(2, 3), step(3, NaN, 'step 3 rejected'), step(4, 5), step(5, 1 / 3)],
    evaluations: [{ step: 5, images: 40, heldOutMse: 0.01 }],
  };
  const curve = summariseTrainingLog(log, 2);
  expect(curve.step).toEqual([1.5, 4.5]);
  expect(curve.loss).toEqual([2, 2.667]);
  expect(curve.restarted).toEqual([2, 2]);
  expect(curve.evaluations).toEqual(log.evaluations);
  expect(readCurve(JSON.parse(curveFileText(curve))).points[1]).toEqual({ step: 4.5, loss: 2.667, reconstruction: 2.667, codebook: 2.667, commitment: 2.667, perplexity: 2.667, deadCodes: 2.667 });
  expect(() => readCurve({ ...curve, perplexity: [1] })).toThrow('training-curve.json: expected steps, batchSize and equal-length arrays of finite numbers');
  expect(() => readCurve(null)).toThrow('training-curve.json');
  expect(readCurve({ ...curve, evaluations: [] }).heldOutMse).toBeNull();
});
