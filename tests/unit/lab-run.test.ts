import { afterEach, expect, it, vi } from 'vitest';
import type { MetricPoint } from '../../src/lib/engine/protocol.ts';
import type { ConfigOf, InfoOf } from '../../src/lib/engine/protocol.ts';
import { LabController } from '../../src/lib/widgets/lab-controller.svelte.ts';
import { LabRun, type LabSession } from '../../src/lib/widgets/lab-run.svelte.ts';

/** A training session that records what it was asked, and has a model (at `step`) after each create unless told to fail. */
function fakeSession(options: { failCheckpoint?: boolean; step?: number } = {}) {
  const calls: string[] = [];
  const session = {
    history: [] as MetricPoint[],
    latest: null,
    info: null as InfoOf<'vqvae'> | null,
    notice: null as string | null,
    pause: async () => void calls.push('pause'),
    create: async ({ config, checkpoint, fallbackToScratch }: { config: ConfigOf<'vqvae'>; checkpoint?: string; fallbackToScratch?: boolean }) => {
      calls.push(checkpoint ? `create ${checkpoint}` : `create K=${config.codebookSize}`);
      if (checkpoint && options.failCheckpoint) {
        if (!fallbackToScratch) return { built: null, checkpointProblem: null };
        calls.push(`create K=${config.codebookSize}`);
        session.info = { step: 0, config } as unknown as InfoOf<'vqvae'>;
        return { built: 'config', checkpointProblem: 'checkpoint: not found' };
      }
      session.info = { step: checkpoint ? (options.step ?? 3000) : 0, config } as unknown as InfoOf<'vqvae'>;
      return { built: checkpoint ? 'checkpoint' : 'config', checkpointProblem: null };
    },
    set: async () => void calls.push('set'),
    reset: async () => void calls.push('reset'),
    useData: (data: { dataset?: string }) => void calls.push(`data ${data.dataset}`),
    clearHistory: () => {
      session.history = [];
      session.latest = null;
    },
    tell: (text: string | null) => void (session.notice = text),
  };
  return { session: session as unknown as LabSession & typeof session, calls };
}

const point = (step: number) => ({ step, loss: 1, reconstruction: 1, codebook: 0.5, commitment: 0.1, perplexity: 10, deadCodes: 0, restarted: 0 }) as MetricPoint;

const curve = { steps: 3000, batchSize: 64, step: [10, 3000], loss: [1, 0.1], reconstruction: [1, 0.1], codebook: [0.1, 0.01], commitment: [0.1, 0.01], perplexity: [5, 20], deadCodes: [0, 0], evaluations: [{ step: 3000, images: 1000, heldOutMse: 0.0045 }] };

function lab(search = '') {
  const controller = new LabController({ lang: () => 'en', address: () => null, onLive: () => undefined });
  controller.readLink(search);
  return { controller, run: new LabRun(controller, { lang: () => 'en', batchSize: 32 }) };
}

afterEach(() => vi.unstubAllGlobals());

it('opens the pretrained checkpoint that matches, with its own run as the ghost it continues', async () => {
  vi.stubGlobal('fetch', async () => ({ ok: true, json: async () => curve }));
  const { controller, run } = lab('?beta=1');
  const { session, calls } = fakeSession();
  expect(await run.build(session)).toBe('mnist');
  expect(calls).toEqual(['pause', 'create /models/vqvae-tiny-mnist/model.json', 'set', 'data mnist']);
  expect(run.startedFrom).toBe('pretrained');
  expect(run.ghost).toMatchObject({ kind: 'pretrained', steps: 3000, batchSize: 64, heldOutMse: 0.0045 });
  expect(run.continuesGhost).toBe(true);
  expect(controller.applied.beta).toBe(1);
});

it('keeps the run a new model replaces as the ghost, and resets rather than rebuilds when only live settings differ', async () => {
  vi.stubGlobal('fetch', async () => ({ ok: false }));
  const { controller, run } = lab('?K=32');
  const { session, calls } = fakeSession();
  await run.build(session);
  expect(calls).toEqual(['pause', 'create K=32', 'data mnist']);
  expect(run.startedFrom).toBe('scratch');
  session.history = [point(1), point(2), point(3)];
  await run.build(session, true);
  expect(calls.slice(3)).toEqual(['pause', 'reset', 'data mnist']);
  expect(run.ghost).toMatchObject({ kind: 'previous', steps: 3 });
  expect(session.history).toEqual([]);

  controller.choose({ dataset: 'fashion-mnist' });
  controller.setShape('codebookSize', '16');
  expect(await run.build(session)).toBe('fashion-mnist');
  expect(calls.slice(6)).toEqual(['pause', 'create K=16', 'data fashion-mnist']);
  expect(controller.pending).toBe(false);
});

it('starts untrained and says why when the pretrained checkpoint cannot be opened', async () => {
  vi.stubGlobal('fetch', async () => ({ ok: false }));
  const { run } = lab();
  const { session, calls } = fakeSession({ failCheckpoint: true });
  await run.build(session);
  expect(calls).toEqual(['pause', 'create /models/vqvae-tiny-mnist/model.json', 'create K=64', 'data mnist']);
  expect(run.startedFrom).toBe('scratch');
  expect(session.notice).toMatch(/^The pretrained model could not be loaded \(.+\), so this one starts untrained\.$/);
});

it('a model opened from a checkpoint no longer continues the pretrained run, and the controls take its settings', async () => {
  vi.stubGlobal('fetch', async () => ({ ok: true, json: async () => curve }));
  const { controller, run } = lab();
  const { session } = fakeSession();
  await run.build(session);
  session.info = { step: 12, config: { preset: 'tiny', codebookSize: 16, codeDim: 4, beta: 0.5, learningRate: 1e-3, quantiser: { kind: 'codebook', update: 'ema', emaDecay: 0.9, deadCodeRestart: false } } } as unknown as InfoOf<'vqvae'>;
  run.opened(session);
  expect(run.continuesGhost).toBe(false);
  expect(controller.applied).toMatchObject({ codebookSize: 16, codeDim: 4, codebookUpdate: 'ema' });
  expect(controller.pending).toBe(false);
});
