// Benchmarks: figures to quote in closing notes and docs/benchmarks.md, never timed tests (the machines
// are shared and noisy). Run: npm run bench [-- training|prior|datasets]. Each figure is a median in one process.
import { benchDatasets } from './bench/datasets.ts';
import { benchPrior } from './bench/prior.ts';
import { benchTraining } from './bench/training.ts';

const repeats = Number(process.env.BENCH_REPEATS ?? 5);
const only = process.argv[2];
if (!only || only === 'training') await benchTraining(Math.max(repeats, 5));
if (!only || only === 'prior') await benchPrior(repeats);
if (!only || only === 'datasets') await benchDatasets(repeats);
