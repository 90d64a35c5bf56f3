import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeDocument, FakeObserver } from './fake-visibility.ts';

type Train = { model: string; options: { steps: number | null; vqvae?: string | null }; resolve: (result: { reason: string; step: number; message: string | null }) => void };

/** The engine as a session sees it: training requests wait until the test (or a pause) ends them. */
const engine = vi.hoisted(() => {
  const fake = {
    trains: [] as Train[],
    paused: [] as string[],
    created: [] as { model: string; checkpoint?: string }[],
    failCheckpoints: false,
    step: 0,
    metrics: new Map<string, (history: unknown[], latest?: unknown) => void>(),
    train(model: string, options: Train['options']) {
      return new Promise((resolve) => fake.trains.push({ model, options, resolve }));
    },
    trainPrior(model: string, options: Train['options']) {
      return fake.train(model, options);
    },
    async pause(model: string) {
      fake.paused.push(model);
      for (const run of fake.trains.splice(0)) run.resolve({ reason: 'paused', step: fake.step, message: null });
    },
    async create(kind: string, model: string, config: unknown, checkpoint?: string) {
      fake.created.push({ model, checkpoint });
      if (checkpoint && fake.failCheckpoints) throw new Error('HTTP 404 for the checkpoint');
      return { kind, config, step: 0 };
    },
    async createPrior(model: string, config: unknown, checkpoint?: string) {
      fake.created.push({ model, checkpoint });
      return { config, step: 0, parameterCount: 1 };
    },
    onMetrics(model: string, listener: (history: unknown[], latest: unknown) => void) {
      fake.metrics.set(model, listener);
      return () => fake.metrics.delete(model);
    },
    onPrior(model: string, listeners: { metrics: (history: unknown[]) => void }) {
      fake.metrics.set(model, listeners.metrics);
      return () => fake.metrics.delete(model);
    },
    onSnapshot: () => () => undefined,
    restored: new Map<string, (step: number) => void>(),
    onRestored(name: string, listener: (step: number) => void) {
      fake.restored.set(name, listener);
      return () => fake.restored.delete(name);
    },
    disposeModel: async () => undefined,
    disposePrior: async () => undefined,
  };
  return fake;
});

vi.mock('../../src/lib/engine/client.svelte.ts', () => ({
  EngineClient: { shared: () => engine },
  expectKind: (_kind: string, info: unknown) => info,
}));

const { TrainingSession } = await import('../../src/lib/engine/training-session.svelte.ts');

/** Ends the oldest training request as the Worker would, after reporting its steps. */
function finish(session: { name: string }, step: number, reason = 'done') {
  engine.step = step;
  engine.metrics.get(session.name)?.([{ step, rejected: null }], { step, rejected: null });
  engine.trains.shift()!.resolve({ reason, step, message: reason === 'diverged' ? 'The loss is not finite' : null });
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const entry = (isIntersecting: boolean, intersectionRatio = isIntersecting ? 0.3 : 0) => ({ isIntersecting, intersectionRatio });

describe('TrainingSession', () => {
  let page: FakeDocument;
  beforeEach(() => {
    page = FakeDocument.install();
    Object.assign(engine, { trains: [], paused: [], created: [], failCheckpoints: false, step: 0 });
  });
  afterEach(() => page.uninstall());

  it('runs a bounded run to its step and ends it as done', async () => {
    const session = new TrainingSession('Test');
    await session.create({ config: { preset: 'tiny' } });
    const ended = session.start({ steps: 10 });
    expect(engine.trains.map((t) => t.options.steps)).toEqual([10]);
    finish(session, 10);
    expect(await ended).toBe('done');
    expect(session.end).toBe('done');
    expect(session.wantsToTrain).toBe(false);
    expect(session.info?.step).toBe(10);
  });

  it('holds a bounded run out of view, and carries on with the steps left when back', async () => {
    const session = new TrainingSession('Test');
    await session.create({ config: { preset: 'tiny' } });
    session.watch({} as Element);
    FakeObserver.fireAll([entry(true)]);
    const ended = session.start({ steps: 10 });
    engine.metrics.get(session.name)?.([{ step: 4, rejected: null }], { step: 4, rejected: null });
    engine.step = 4;
    FakeObserver.fireAll([entry(false)]);
    await settle();
    expect(engine.paused).toEqual([session.name]);
    expect(session.heldBack).toBe(true);
    expect(engine.trains).toHaveLength(0);
    FakeObserver.fireAll([entry(true)]);
    expect(engine.trains.map((t) => t.options.steps)).toEqual([6]);
    finish(session, 10);
    expect(await ended).toBe('done');
  });

  it('keeps training through a screenshot of a widget taller than the view (queued out-and-back entries)', async () => {
    const session = new TrainingSession('Test');
    await session.create({ config: { preset: 'tiny' } });
    session.watch({} as Element);
    FakeObserver.fireAll([entry(true)]);
    void session.start({ steps: 2000 });
    FakeObserver.fireAll([entry(false), entry(true, 0.37)]);
    expect(engine.paused).toEqual([]);
    expect(session.heldBack).toBe(false);
    expect(engine.trains).toHaveLength(1);
  });

  it('a tab shown again does not resume a session whose widget is out of view', async () => {
    const session = new TrainingSession('Test');
    await session.create({ config: { preset: 'tiny' } });
    session.watch({} as Element);
    FakeObserver.fireAll([entry(false)]);
    void session.start();
    page.setTab('hidden');
    page.setTab('visible');
    expect(engine.trains).toHaveLength(0);
    expect(session.heldBack).toBe(true);
  });

  it('ends open-ended runs as paused, and as diverged with the notice', async () => {
    const session = new TrainingSession('Test');
    await session.create({ config: { preset: 'tiny' } });
    const paused = session.start();
    expect(engine.trains[0].options.steps).toBeNull();
    await session.pause();
    expect(await paused).toBe('paused');
    const diverged = session.start();
    finish(session, 3, 'diverged');
    expect(await diverged).toBe('diverged');
    expect(session.notice).toBe('The loss is not finite');
    expect(session.noticeReason).toBe('internal');
  });

  it('falls back to the config when the checkpoint fails, and says why', async () => {
    engine.failCheckpoints = true;
    const session = new TrainingSession('Test', 'autoencoder');
    const outcome = await session.create({ config: { kind: 'ae' }, checkpoint: 'models/ae/model.json', fallbackToScratch: true });
    expect(outcome).toEqual({ built: 'config', checkpointProblem: 'HTTP 404 for the checkpoint' });
    expect(session.error).toBeNull();
    expect(session.info).not.toBeNull();
    const refused = await new TrainingSession('Test').create({ config: { preset: 'tiny' }, checkpoint: 'x.json' });
    expect(refused).toEqual({ built: null, checkpointProblem: null });
  });

  it('trains a prior on the codes of the model it is told, and clears its history', async () => {
    const session = new TrainingSession('Test', 'prior');
    await session.create({ config: { codebookSize: 64, height: 7, width: 7 } });
    void session.start({ codesFrom: 'the-vqvae', steps: 5 });
    expect(engine.trains[0].options).toMatchObject({ vqvae: 'the-vqvae', steps: 5 });
    expect(session.warmingUp).toBe(true);
    engine.metrics.get(session.name)?.([{ step: 1, rejected: 'a gradient is not finite' }, { step: 2, rejected: null }]);
    expect(session.warmingUp).toBe(false);
    expect(session.noticeReason).toBe('rejected');
    expect(session.history).toHaveLength(2);
    session.clearHistory();
    expect(session.history).toEqual([]);
    expect(session.latest).toBeNull();
  });

  it('after a GPU loss, charts only the steps up to the one the model was rebuilt at, and trains on from it', async () => {
    const session = new TrainingSession('Test');
    await session.create({ config: { preset: 'tiny' } });
    void session.start();
    const metrics = engine.metrics.get(session.name)!;
    metrics([1, 2, 3, 4, 5].map((step) => ({ step, rejected: null })), { step: 5, rejected: null });
    expect(session.info?.step).toBe(5);
    engine.restored.get(session.name)!(3);
    expect(session.history.map((point) => (point as { step: number }).step)).toEqual([1, 2, 3]);
    expect(session.info?.step).toBe(3);
    // The same training request goes on: no new one, and the next steps follow the rebuilt one.
    metrics([{ step: 4, rejected: null }], { step: 4, rejected: null });
    expect(session.history.map((point) => (point as { step: number }).step)).toEqual([1, 2, 3, 4]);
    expect(engine.trains).toHaveLength(1);
    expect(session.stepsPerSecond).toBeGreaterThanOrEqual(0);
  });
});
