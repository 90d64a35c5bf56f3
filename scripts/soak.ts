// Soak benchmark (issue 16): Chromium trains the training lab, and in turns the prior lab trains and
// the sampling theatre samples, for as long as asked, on the built site served as a static host
// serves it. After every turn (a minute by default) it reads each page's JS heap, its engine
// Worker's heap and the Worker's tf.memory() over the DevTools protocol, with every widget idle, and
// the turn's step rate. It prints the table and the least-squares slopes, writes JSON, and fails
// only on a leak it can prove: tensors climbing after warm-up (scripts/soak/verdict.ts).
//
// Usage: npm run soak [-- options]
//   --minutes N        how long to soak (default 30)
//   --backend NAME     the engine's backend, passed as ?backend= (default wasm)
//   --turn-seconds S   length of one turn (default 60); turns = minutes × 60 ÷ S
//   --no-build         reuse dist-soak/ as it is
//   --port P           where to serve dist-soak/ (default 4491)
//   --out FILE         where the JSON goes (default bench-results/soak.json)
//   --leak-per-turn N  leave N tensors behind in the lab's Worker after each of its turns: a leak made
//                      on purpose, to see the verdict catch one (default 0)
// Exit status: 0 when no leak is proven, 1 when one is, 2 when the soak itself could not go on.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { browserLaunchOptions, chromiumArgs } from '../tests/browser.ts';
import { watchPage } from '../tests/e2e/watch-page.ts';
import { MemoryProbe, type MemoryReading } from './soak/memory-probe.ts';
import { everyNth, markdownTable, summarise, summaryLines, type Sample } from './soak/report.ts';
import { runTurn, showWidget, turnCycle, widgetPages } from './soak/turns.ts';

const started = performance.now();
const log = (text: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s] ${text}\n`);

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    backend: { type: 'string', default: 'wasm' },
    'turn-seconds': { type: 'string', default: '60' },
    'no-build': { type: 'boolean', default: false },
    port: { type: 'string', default: '4491' },
    out: { type: 'string', default: 'bench-results/soak.json' },
    'leak-per-turn': { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const usage = 'Usage: npm run soak [-- --minutes N] [--backend wasm|webgpu|webgl|cpu] [--turn-seconds S] [--no-build] [--port P] [--out FILE] [--leak-per-turn N]';
if (args.help) {
  console.log(usage);
  process.exit(0);
}
const minutes = Number(args.minutes);
const turnSeconds = Number(args['turn-seconds']);
const port = Number(args.port);
const leakPerTurn = Number(args['leak-per-turn']);
const backends = ['wasm', 'webgpu', 'webgl', 'cpu'];
const refuse = (text: string) => {
  console.error(`soak: ${text}\n${usage}`);
  process.exit(2);
};
if (!(minutes > 0 && minutes <= 24 * 60)) refuse(`--minutes must be a number above 0 and at most 1440 (got "${args.minutes}")`);
if (!(turnSeconds >= 10 && turnSeconds <= 3600)) refuse(`--turn-seconds must be a number from 10 to 3600 (got "${args['turn-seconds']}")`);
if (!Number.isInteger(port) || port < 1 || port > 65535) refuse(`--port must be a whole number from 1 to 65535 (got "${args.port}")`);
if (!Number.isInteger(leakPerTurn) || leakPerTurn < 0 || leakPerTurn > 10_000) refuse(`--leak-per-turn must be a whole number from 0 to 10000 (got "${args['leak-per-turn']}")`);
if (!backends.includes(args.backend)) refuse(`--backend must be one of ${backends.join(', ')} (got "${args.backend}")`);
const turns = Math.max(1, Math.round((minutes * 60) / turnSeconds));

const root = 'dist-soak';
const uptime = () => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
};
/** The commit the site was built from, and how many files the working tree had changed: a soak of a dirty tree says so. */
const gitState = () => {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;
    return { head, changedFiles: changed };
  } catch {
    return null;
  }
};
const git = gitState();
const uptimeAtStart = uptime();
log(`uptime at start: ${uptimeAtStart}; git ${git ? `${git.head}, ${git.changedFiles} tracked file(s) changed` : "unknown"}`);

/** Runs a command to its end, its output passed through, failing on a non-zero exit. */
function run(command: string, commandArgs: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${commandArgs.join(' ')} exited with ${code}`))));
  });
}

if (!args['no-build']) {
  log(`building the site into ${root}/`);
  await run('npx', ['astro', 'build', '--outDir', root]);
} else if (!existsSync(`${root}/index.html`)) {
  refuse(`--no-build, but ${root}/ has no index.html; run once without --no-build`);
}

/** scripts/serve.ts on `port`, as the e2e tests serve the site; resolves once it answers. */
async function serve(): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['scripts/serve.ts', root, String(port)], { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let tries = 0; tries < 100; tries++) {
    if (server.exitCode !== null) throw new Error(`scripts/serve.ts exited with ${server.exitCode} (is port ${port} taken?)`);
    const answered = await fetch(`http://127.0.0.1:${port}/en/`).then((r) => r.ok, () => false);
    if (answered) return server;
    await new Promise((wait) => setTimeout(wait, 200));
  }
  server.kill();
  throw new Error(`scripts/serve.ts did not answer on port ${port}`);
}

const server = await serve();
const base = `http://127.0.0.1:${port}`;
const query = `?backend=${args.backend}`;
const browser = await chromium.launch(browserLaunchOptions());
const samples: Sample[] = [];
let baseline: { lab: MemoryReading; prior: MemoryReading } | null = null;
let failure: string | null = null;
const problems: string[] = [];
const chromiumVersion = browser.version();

/** The JSON report so far; written after every sample, so an interrupted soak keeps what it measured. */
function writeReport(uptimeAtEnd: string | null) {
  const summary = samples.length ? summarise(samples, turnCycle.length) : null;
  const report = {
    date: new Date().toISOString(),
    wallSeconds: Math.round((performance.now() - started) / 1000),
    machine: { os: `${osType()} ${release()}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    load: { atStart: uptimeAtStart, atEnd: uptimeAtEnd },
    build: { git, site: args['no-build'] ? `reused ${root}/ as it was` : `built into ${root}/ at the start` },
    chromium: chromiumVersion,
    flags: chromiumArgs,
    options: { minutes, backend: args.backend, turnSeconds, turns, cycle: turnCycle, pages: widgetPages, leakPerTurn },
    notes: {
      readings: 'after every turn, with every widget idle: garbage collected (HeapProfiler.collectGarbage) in each page and its engine Worker, then the page heap (Performance.getMetrics JSHeapUsedSize), the Worker heap (Runtime.getHeapUsage usedSize, CDP on the Worker target) and tf.memory() in the Worker (its global _tfengine)',
      rates: 'lab and prior: steps in the turn ÷ seconds from the first click until the widget was idle again; sampler: grids sampled per minute, each skipped to its end',
      verdict: 'a leak is proven when, after warm-up, the tensor slope is positive and each of the last samples of a cycle is above every one of the first by more than LEAK_MARGIN (scripts/soak/verdict.ts); heaps are reported, not judged',
    },
    baseline,
    samples,
    summary,
    problems,
    failure,
  };
  mkdirSync(dirname(resolve(args.out)), { recursive: true });
  writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
}

/** Opens a chapter on its own page (its own engine) and watches it for errors. */
async function open(path: string): Promise<{ page: Page; watched: ReturnType<typeof watchPage> }> {
  const page = await browser.newPage();
  const watched = watchPage(page);
  await page.goto(base + path + query);
  return { page, watched };
}

try {
  log(`Chromium ${chromiumVersion}; backend ${args.backend}; ${turns} turn(s) of ${turnSeconds} s, in the cycle ${turnCycle.join(' → ')}`);
  const lab = await open(widgetPages.lab);
  await showWidget(lab.page, 'lab');
  const prior = await open(widgetPages.prior);
  // Both chapter-5 widgets hydrate before the clock starts, so none joins the engine mid-soak.
  await showWidget(prior.page, 'sampler');
  await showWidget(prior.page, 'prior');
  const probes = { lab: await MemoryProbe.attach(lab.page), prior: await MemoryProbe.attach(prior.page) };
  const problemCount = () => lab.watched.problems.length + prior.watched.problems.length;
  baseline = { lab: await probes.lab.read(), prior: await probes.prior.read() };
  log(`ready: lab engine ${baseline.lab.tf.numTensors} tensors on ${baseline.lab.backend}, prior engine ${baseline.prior.tf.numTensors} tensors on ${baseline.prior.backend}`);
  const clock = performance.now();
  for (let i = 1; i <= turns; i++) {
    const kind = turnCycle[(i - 1) % turnCycle.length];
    const turn = await runTurn(kind === 'lab' ? lab.page : prior.page, kind, clock + i * turnSeconds * 1000);
    if (kind === 'lab' && leakPerTurn > 0) await probes.lab.leak(leakPerTurn);
    const sample: Sample = { minute: (performance.now() - clock) / 60_000, turn, lab: await probes.lab.read(), prior: await probes.prior.read(), problems: problemCount(), load1: loadavg()[0] };
    samples.push(sample);
    problems.splice(0, problems.length, ...lab.watched.problems.map((p) => `lab page: ${p}`), ...prior.watched.problems.map((p) => `prior page: ${p}`));
    log(`turn ${i}/${turns} ${kind}: ${turn.work} in ${turn.seconds.toFixed(1)} s; lab ${sample.lab.tf.numTensors} tensors, prior ${sample.prior.tf.numTensors} tensors; heaps lab ${(sample.lab.pageHeapBytes / 2 ** 20).toFixed(1)}/${(sample.lab.workerHeapBytes / 2 ** 20).toFixed(1)} MB, prior ${(sample.prior.pageHeapBytes / 2 ** 20).toFixed(1)}/${(sample.prior.workerHeapBytes / 2 ** 20).toFixed(1)} MB; problems ${sample.problems}`);
    writeReport(null);
  }
} catch (error) {
  failure = error instanceof Error ? error.message : String(error);
  log(`the soak could not go on: ${failure}`);
} finally {
  await browser.close().catch(() => {});
  server.kill();
}

const uptimeAtEnd = uptime();
writeReport(uptimeAtEnd);
log(`uptime at end: ${uptimeAtEnd}`);
log(`wrote ${args.out}`);
if (samples.length) {
  const summary = summarise(samples, turnCycle.length);
  console.log(`\nEvery turn:\n\n${markdownTable(samples)}\n`);
  if (samples.length > 5) console.log(`Every 5th turn (for docs/benchmarks.md):\n\n${markdownTable(everyNth(samples, 5))}\n`);
  console.log(summaryLines(summary).join('\n'));
  if (problems.length) console.log(`\nproblems on the pages (${problems.length}):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  console.log(`\nload: at start "${uptimeAtStart}"; at end "${uptimeAtEnd}"`);
  if (failure) console.log(`\nstopped early: ${failure}`);
  process.exit(summary.leak ? 1 : failure ? 2 : 0);
}
process.exit(2);
