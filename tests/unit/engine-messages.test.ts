import { describe, expect, it } from 'vitest';
import { parseBackendRequest, selectBackend } from '../../src/lib/engine/backend.ts';
import { ENGINE_MESSAGES, engineText, parseEngineText, slotsOf, type EngineMessageId } from '../../src/lib/engine/messages.ts';
import { engineMessage } from '../../src/lib/i18n/engine-messages.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';

const ids = Object.keys(ENGINE_MESSAGES) as EngineMessageId[];
const CJK = /[\u4e00-\u9fff]/;

describe('engine messages', () => {
  it('read back into their id and values', () => {
    for (const id of ids) {
      const values = Object.fromEntries(slotsOf(id).map((slot, i) => [slot, `v${i}`]));
      const text = engineText(id, values as never);
      expect(parseEngineText(text), text).toEqual({ id, values });
    }
    expect(parseEngineText('Failed to fetch')).toBeNull();
  });

  it('are said by the English table exactly as the engine says them', () => {
    const english = widgetStrings('en').common.engine as Record<string, unknown>;
    for (const id of ids) {
      const slots = slotsOf(id);
      const entry = english[id] as string | ((...a: string[]) => string);
      const said = typeof entry === 'string' ? entry : entry(...slots.map((_, i) => `v${i}`));
      expect(said).toBe(engineText(id, Object.fromEntries(slots.map((slot, i) => [slot, `v${i}`])) as never));
    }
  });

  it('leave English pages as they were, and are Chinese on Chinese ones', async () => {
    const { warning } = parseBackendRequest('?backend=cuda');
    expect(engineMessage('en', warning!)).toBe(warning);
    expect(engineMessage('zh', warning!)).toBe('未知的后端“cuda”。可选值为 webgpu、webgl、wasm、cpu；已改为自动选择。');

    const tf = { setBackend: async (name: string) => name === 'cpu', getBackend: () => 'cpu' };
    const loads = async (backend: string) => {
      if (backend === 'webgpu') throw new Error(engineText('noWebGpu'));
    };
    const { failures } = await selectBackend(tf, ['webgpu', 'webgl', 'cpu'], loads);
    expect(failures.map((f) => engineMessage('zh', f.reason, false))).toEqual(['缺少 navigator.gpu：此浏览器不支持 WebGPU', '此浏览器不支持']);

    const none = await selectBackend({ setBackend: async () => false, getBackend: () => '' }, ['webgpu', 'wasm'], async (b) => {
      if (b === 'wasm') throw new Error('WebAssembly.instantiate(): out of memory');
    }).catch((error: Error) => error.message);
    expect(engineMessage('zh', engineText('engineHasNoBackend', { reason: none as string }))).toBe(
      '引擎没有可用的后端：没有能启动的 TF.js 后端：webgpu（此浏览器不支持）；wasm（WebAssembly.instantiate(): out of memory）',
    );

    const lost = engineText('gpuLost', { detail: engineText('noReasonGiven'), backend: 'webgl' });
    expect(engineMessage('zh', lost)).toBe('GPU 连接丢失（未说明原因），引擎已改用 webgl，并用内存中保存的状态副本重建了每个模型。');
    const resumed = engineText('gpuLostTraining', { detail: 'Device was destroyed.', backend: 'webgl', step: 3412 });
    expect(parseEngineText(resumed)).toEqual({ id: 'gpuLostTraining', values: { detail: 'Device was destroyed.', backend: 'webgl', step: '3412' } });
    expect(engineMessage('zh', resumed)).toBe('GPU 连接丢失（Device was destroyed.），引擎已改用 webgl，并用内存中保存的状态副本重建了每个模型。训练从第 3,412 步继续，即最后一份副本所在的位置；此后的几步随 GPU 一起丢失了。');
    expect(engineMessage('zh', engineText('diverged', { count: 20 }))).toMatch(/^连续 20 步损失不是有限值/);
    expect(engineMessage('zh', 'step 3001 rejected: the gradient is not finite (Infinity); the weights are unchanged')).toBe('第 3,001 步被拒绝：梯度不是有限值（Infinity），权重未改变');
    expect(engineMessage('zh', engineText('pickCheckpointFiles', { files: engineText('noFiles') }))).toBe('请选择一个 .json 文件和它的权重文件；收到的是：没有文件');
    expect(engineMessage('zh', engineText('truncatedWeights', { bytes: 4000, needed: 212992 }))).toMatch(/^权重文件有 4,000 字节，但清单描述的是 212,992 字节/);
  });

  it('from the browser are shown as they are, after a Chinese lead-in', () => {
    expect(engineMessage('zh', 'Failed to fetch')).toBe('引擎报告：Failed to fetch');
    expect(engineMessage('zh', 'Failed to fetch', false)).toBe('Failed to fetch');
    expect(engineMessage('en', 'Failed to fetch')).toBe('Failed to fetch');
  });

  it('have a Chinese text for every id', () => {
    const chinese = widgetStrings('zh').common.engine as Record<string, unknown>;
    for (const id of ids) {
      const entry = chinese[id] as string | ((...a: string[]) => string);
      expect(typeof entry === 'string' ? entry : entry(...slotsOf(id).map(() => 'x')), id).toMatch(CJK);
    }
  });
});
