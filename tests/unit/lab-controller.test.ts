import { describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../src/lib/engine/protocol.ts';
import type { ResolvedVQVAEConfig } from '../../src/lib/vq/config.ts';
import type { LiveHyperparameters } from '../../src/lib/vq/index.ts';
import { LabController, linkedAddress, type LabAddress } from '../../src/lib/widgets/lab-controller.svelte.ts';
import { replacedRun, type Ghost } from '../../src/lib/widgets/lab-ghost.ts';
import { defaultSettings } from '../../src/lib/widgets/lab-settings.ts';

/** An address bar in memory: what the lab wrote there, in order. */
function memoryAddress(start: string): LabAddress & { written: string[] } {
  let url = new URL(start, 'https://example.org');
  const written: string[] = [];
  return {
    written,
    current: () => url,
    replace(address) {
      written.push(address);
      url = new URL(address, url);
    },
  };
}

function lab(start = '/lab/', lang: 'en' | 'zh' = 'en') {
  const address = memoryAddress(start);
  const live: LiveHyperparameters[] = [];
  const controller = new LabController({ lang: () => lang, address: () => address, onLive: (changes) => live.push(changes) });
  controller.readLink(new URL(start, 'https://example.org').search);
  return { controller, address, live };
}

describe('the lab controller', () => {
  it('opens from a link, and says which of its values were ignored', () => {
    const { controller } = lab('/lab/?K=32&beta=9&backend=wasm');
    expect(controller.settings).toEqual({ ...defaultSettings(), codebookSize: 32 });
    expect(controller.linkProblems).toEqual(['β must be a number from 0 to 5; got 9.']);
    expect([controller.betaText, controller.kText, controller.dText, controller.decayText]).toEqual(['0.25', '32', '8', '0.99']);
  });

  it('applies live settings at once, and waits for "Apply" for those that need a new model', async () => {
    const { controller, address, live } = lab();
    controller.markApplied();
    expect(controller.pending).toBe(false);
    controller.setBeta('1.5');
    await Promise.resolve();
    expect(controller.applied.beta).toBe(1.5);
    expect(controller.pending).toBe(false);
    expect(live.at(-1)).toEqual({ beta: 1.5, learningRate: 2e-3, emaDecay: 0.99, deadCodeRestart: 10 });
    expect(address.written.at(-1)).toBe('/lab/?beta=1.5');
    await controller.setLive({ deadCodeRestart: false });
    expect(address.written.at(-1)).toBe('/lab/?beta=1.5&restart=off');

    controller.setShape('codebookSize', '32');
    expect(controller.pending).toBe(true);
    expect(controller.applied.codebookSize).toBe(64);
    // The address waits for the model too.
    expect(address.written.at(-1)).toBe('/lab/?beta=1.5&restart=off');
    controller.markApplied();
    expect(controller.pending).toBe(false);
    expect(address.written.at(-1)).toBe('/lab/?beta=1.5&K=32&restart=off');

    controller.choose({ dataset: 'fashion-mnist' });
    expect(controller.pending).toBe(true);
    controller.choose({ dataset: 'mnist' });
    expect(controller.pending).toBe(false);
    controller.choose({ codebookUpdate: 'ema' });
    expect(controller.pending).toBe(true);
  });

  it('refuses a number out of range with a reason in the page language, and puts the box back', () => {
    const { controller, live } = lab();
    controller.betaText = '7';
    controller.setBeta(controller.betaText);
    expect(controller.inputProblem).toBe('β must be a number from 0 to 5; got 7.');
    expect(controller.betaText).toBe('0.25');
    expect(live).toEqual([]);

    controller.kText = '2.5';
    controller.setShape('codebookSize', controller.kText);
    expect(controller.inputProblem).toBe('K must be a whole number from 2 to 512; got 2.5.');
    expect(controller.kText).toBe('64');
    expect(controller.settings.codebookSize).toBe(64);
    controller.setShape('codeDim', '16');
    expect(controller.inputProblem).toBeNull();

    controller.decayText = '0.2';
    controller.setDecay();
    expect(controller.decayText).toBe('0.99');
    expect(controller.inputProblem).toMatch(/0\.5/);

    const zh = lab('/lab/', 'zh').controller;
    zh.setBeta('-1');
    expect(zh.inputProblem).not.toBeNull();
    expect(zh.inputProblem).not.toBe('β must be a number from 0 to 5; got -1.');
  });

  it('another network takes its own shape and keeps the reader’s β, restarts and update', () => {
    const { controller } = lab('/lab/?beta=2&restart=off');
    controller.setPreset('r1');
    expect(controller.settings).toEqual({ ...defaultSettings('r1'), beta: 2, deadCodeRestart: false });
    expect([controller.kText, controller.dText]).toEqual(['128', '16']);
  });

  it('takes the settings of a model opened from a checkpoint, keeping the dataset', () => {
    const { controller, address } = lab('/lab/?dataset=fashion-mnist');
    controller.markApplied();
    const config = {
      preset: 'tiny',
      codebookSize: 16,
      codeDim: 4,
      beta: 0.5,
      learningRate: 1e-3,
      quantiser: { kind: 'codebook', update: 'ema', emaDecay: 0.9, deadCodeRestart: false },
    } as unknown as ResolvedVQVAEConfig;
    controller.adopt(config);
    expect(controller.settings).toEqual(controller.applied);
    expect(controller.applied).toMatchObject({ dataset: 'fashion-mnist', codebookSize: 16, codeDim: 4, codebookUpdate: 'ema', emaDecay: 0.9, deadCodeRestart: false });
    expect(controller.pending).toBe(false);
    expect([controller.betaText, controller.kText, controller.dText, controller.decayText]).toEqual(['0.5', '16', '4', '0.9']);
    expect(address.written.at(-1)).toBe('/lab/?dataset=fashion-mnist&beta=0.5&lr=0.001&K=16&D=4&update=ema&decay=0.9&restart=off');
  });

  it('round-trips its settings through the address it writes', () => {
    const { controller, address } = lab('/lab/?backend=wasm#train');
    controller.setShape('codebookSize', '128');
    controller.choose({ codebookUpdate: 'ema' });
    controller.setPreset('r1');
    controller.markApplied();
    void controller.setLive({ learningRate: 3e-4 });
    const written = address.written.at(-1)!;
    expect(written).toBe('/lab/?backend=wasm&preset=r1&lr=0.0003&update=ema#train');
    const reopened = lab(written).controller;
    expect(reopened.settings).toEqual(controller.settings);
    expect(reopened.linkProblems).toEqual([]);
  });

  it('leaves an address it does not own alone', async () => {
    const live: LiveHyperparameters[] = [];
    const embedded = new LabController({ lang: () => 'en', address: () => null, onLive: (changes) => live.push(changes) });
    embedded.readLink('?K=16');
    embedded.markApplied();
    await embedded.setLive({ beta: 1 });
    expect(embedded.applied).toEqual({ ...defaultSettings(), codebookSize: 16, beta: 1 });
    expect(live).toHaveLength(1);
  });

  it('replaces only its own keys in an address, dropping those at their defaults', () => {
    const at = { pathname: '/zh/chapters/7/', search: '?backend=wasm&K=32&beta=1', hash: '#lab' };
    expect(linkedAddress(at, defaultSettings())).toBe('/zh/chapters/7/?backend=wasm#lab');
    expect(linkedAddress({ ...at, search: '?K=32' }, defaultSettings())).toBe('/zh/chapters/7/#lab');
  });
});

describe('the lab’s ghost run', () => {
  const point = (step: number): MetricPoint => ({ step, loss: 1, reconstruction: 1, codebook: 0.5, commitment: 0.1, perplexity: 10, deadCodes: 0, restarted: 0 }) as MetricPoint;

  it('counts a replaced run from its own first step', () => {
    const ghost = replacedRun([point(41), point(42), point(43)], null);
    expect(ghost.kind).toBe('previous');
    expect(ghost.steps).toBe(3);
    expect(ghost.points.map((p) => p.step)).toEqual([1, 2, 3]);
  });

  it('joins a run that continued the pretrained one to it, at the model’s own steps', () => {
    const pretrained: Ghost = { kind: 'pretrained', points: [point(10), point(20)], steps: 20, batchSize: 32 };
    const ghost = replacedRun([point(21), point(22)], pretrained);
    expect(ghost).toMatchObject({ kind: 'previous', steps: 22 });
    expect(ghost.points.map((p) => p.step)).toEqual([10, 20, 21, 22]);
  });
});
