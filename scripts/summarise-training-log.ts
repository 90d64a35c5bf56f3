// Writes training-curve.json beside each pretrained checkpoint the training lab opens: its
// training-log.json averaged over buckets of steps, small enough to fetch when the lab comes into view.
// Run after retraining a checkpoint: node scripts/summarise-training-log.ts [models/<name> …]
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LAB_CHECKPOINTS } from '../src/lib/widgets/lab-settings.ts';
import { CURVE_FILE, curveFileText, summariseTrainingLog, type TrainingLog } from '../src/lib/widgets/training-curve.ts';

const directories = process.argv.length > 2 ? process.argv.slice(2) : LAB_CHECKPOINTS.map((name) => join('public/models', name));
for (const directory of directories) {
  const log = JSON.parse(await readFile(join(directory, 'training-log.json'), 'utf8')) as TrainingLog;
  const text = curveFileText(summariseTrainingLog(log));
  await writeFile(join(directory, CURVE_FILE), text);
  console.log(`${join(directory, CURVE_FILE)}: ${log.metrics.length} steps in ${text.length.toLocaleString('en')} bytes`);
}
