import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { checkSetting, defaultSettings, LAB_CHECKPOINTS, needsNewModel, pretrainedFor, queryFromSettings, settingsFromQuery } from '../../src/lib/widgets/lab-settings.ts';

it('a link round-trips the settings, naming only what differs from the defaults', () => {
  const settings = { ...defaultSettings('tiny', 'fashion-mnist'), beta: 2, codebookSize: 128, codebookUpdate: 'ema' as const, deadCodeRestart: false as const };
  const query = queryFromSettings(settings);
  expect(query).toBe('?dataset=fashion-mnist&beta=2&K=128&update=ema&restart=off');
  expect(settingsFromQuery(query)).toEqual({ settings, ignored: [] });
  expect(queryFromSettings(defaultSettings())).toBe('');
  // Links made while restarts were off by default still say what they meant.
  expect(settingsFromQuery('?restart=on').settings).toEqual(defaultSettings());
});

it('refuses out-of-range, non-numeric and fractional values with a reason, keeping the default', () => {
  const { settings, ignored } = settingsFromQuery('?beta=-1&K=2.5&D=abc&lr=1e9&preset=huge&restart=maybe');
  expect(settings).toEqual(defaultSettings());
  expect(ignored).toEqual([
    'preset must be tiny or r1; got huge.',
    'β must be a number from 0 to 5; got -1.',
    'The learning rate must be a number from 0.00001 to 0.1; got 1e9.',
    'K must be a whole number from 2 to 512; got 2.5.',
    'D must be a whole number from 1 to 64; got abc.',
    'restart must be on or off; got maybe.',
  ]);
  expect(checkSetting('beta', '')).toEqual({ problem: 'β must be a number from 0 to 5; got nothing.' });
  expect(checkSetting('codebookSize', '512')).toEqual({ value: 512 });
});

it('knows which changes need a new model, and which settings have a pretrained checkpoint', () => {
  const tiny = defaultSettings();
  expect(needsNewModel(tiny, { ...tiny, beta: 3, learningRate: 1e-3, deadCodeRestart: 10 })).toBe(false);
  expect(needsNewModel(tiny, { ...tiny, codebookSize: 32 })).toBe(true);
  expect(needsNewModel(tiny, { ...tiny, codebookUpdate: 'ema' })).toBe(true);
  expect(pretrainedFor(tiny)).toBe('vqvae-tiny-mnist');
  expect(pretrainedFor({ ...tiny, beta: 4 })).toBe('vqvae-tiny-mnist');
  expect(pretrainedFor(defaultSettings('tiny', 'fashion-mnist'))).toBe('vqvae-tiny-fashion-mnist');
  expect(pretrainedFor(defaultSettings('r1'))).toBe('vqvae-r1-mnist');
  expect(pretrainedFor(defaultSettings('r1', 'fashion-mnist'))).toBeNull();
  expect(pretrainedFor({ ...tiny, codeDim: 4 })).toBeNull();
});

it.each(LAB_CHECKPOINTS)('the defaults that open %s are the config it was trained with, dead-code restarts included', (name) => {
  const config = JSON.parse(readFileSync(`public/models/${name}/model.json`, 'utf8')).userDefinedMetadata.config;
  const [, preset, dataset] = /^vqvae-(tiny|r1)-(.+)$/.exec(name)!;
  const defaults = defaultSettings(preset as 'tiny' | 'r1', dataset as 'mnist' | 'fashion-mnist');
  expect(pretrainedFor(defaults)).toBe(name);
  const { beta, learningRate, codebookSize, codeDim, codebookUpdate, emaDecay, deadCodeRestart } = config;
  expect({ beta, learningRate, codebookSize, codeDim, codebookUpdate, emaDecay, deadCodeRestart, preset: config.preset }).toEqual({
    beta: defaults.beta, learningRate: defaults.learningRate, codebookSize: defaults.codebookSize, codeDim: defaults.codeDim,
    codebookUpdate: defaults.codebookUpdate, emaDecay: defaults.emaDecay, deadCodeRestart: defaults.deadCodeRestart, preset: defaults.preset,
  });
});

it('refuses in the page language, naming the field and its range', () => {
  expect(checkSetting('beta', '-3', 'zh')).toEqual({ problem: 'β 应为 0 到 5 之间的数，收到的是 -3。' });
  expect(checkSetting('codeDim', '999', 'zh')).toEqual({ problem: 'D 应为 1 到 64 之间的整数，收到的是 999。' });
  expect(checkSetting('learningRate', '', 'zh')).toEqual({ problem: '学习率应为 0.00001 到 0.1 之间的数，收到的是空值。' });
  expect(checkSetting('emaDecay', '2', 'zh')).toEqual({ problem: 'EMA 衰减率应为 0.5 到 0.9999 之间的数，收到的是 2。' });
  expect(checkSetting('emaDecay', '2')).toEqual({ problem: 'The EMA decay must be a number from 0.5 to 0.9999; got 2.' });
  expect(settingsFromQuery('?preset=huge&restart=maybe', 'zh').ignored).toEqual(['preset 应为 tiny 或 r1，收到的是 huge。', 'restart 应为 on 或 off，收到的是 maybe。']);
  expect(checkSetting('beta', '1.5', 'zh')).toEqual({ value: 1.5 });
});
