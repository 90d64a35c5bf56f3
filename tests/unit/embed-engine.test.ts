import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { embedFailure } from '../../src/embed/embed-engine.ts';
import { embeds } from '../../src/embed/registry.ts';
import { engineText } from '../../src/lib/engine/messages.ts';

describe('embedded elements and the engine', () => {
  it('says why the engine did not start, to the reader in the widget’s language and to the author in English', () => {
    const zh = embedFailure('zh', engineText('workerFailed'), 'https://vq.example/');
    expect(zh.reader).toBe('引擎无法启动：引擎的 Worker 加载失败');
    expect(zh.author).toContain('(The engine Worker failed to load)');
    expect(zh.author).toContain('https://vq.example/embed/');
    expect(zh.author).toContain('Access-Control-Allow-Origin');
    expect(embedFailure('en', 'Failed to construct Worker', 'https://vq.example/').reader).toBe('The engine could not start: Failed to construct Worker');
  });

  it('marks exactly the widgets that run on the engine, so their elements start it with their backend', () => {
    for (const [slug, entry] of Object.entries(embeds)) {
      const source = readFileSync(`src/components/widgets/${entry.widget}.svelte`, 'utf8');
      const usesEngine = /lib\/widgets\/use-engine\.ts|BackendBadge\.svelte/.test(source);
      expect({ slug, engine: entry.engine === true }).toEqual({ slug, engine: usesEngine });
    }
  });
});
