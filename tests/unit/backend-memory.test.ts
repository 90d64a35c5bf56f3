import { describe, expect, it } from 'vitest';
import { forget, MEMORY_ITEM, readMemory, remember, type ChoiceStorage } from '../../src/lib/engine/backend-memory.ts';
import type { RememberedChoice } from '../../src/lib/engine/backend-choice.ts';

function storage(initial: Record<string, string> = {}): ChoiceStorage & { items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
}

const choice = (backend: RememberedChoice['backend']): RememberedChoice => ({ backend, versus: null, trials: [], measuredAt: '2026-01-01T00:00:00Z' });

describe('the remembered choices', () => {
  it('round-trip through storage, by key', () => {
    const s = storage();
    remember(s, 'a', choice('wasm'));
    remember(s, 'b', choice('webgpu'));
    expect(readMemory(s)).toEqual({ a: choice('wasm'), b: choice('webgpu') });
    forget(s, 'a');
    expect(readMemory(s)).toEqual({ b: choice('webgpu') });
  });

  it('a new measurement replaces the old one under the same key', () => {
    const s = storage();
    remember(s, 'a', choice('wasm'));
    remember(s, 'a', choice('webgl'));
    expect(readMemory(s)).toEqual({ a: choice('webgl') });
  });

  it('keeps the newest eight', () => {
    const s = storage();
    for (let i = 0; i < 10; i++) remember(s, `k${i}`, choice('wasm'));
    expect(Object.keys(readMemory(s))).toEqual(['k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9']);
  });

  it('is empty when storage is missing, holds junk, or holds entries of another shape', () => {
    expect(readMemory(null)).toEqual({});
    expect(readMemory(storage({ [MEMORY_ITEM]: 'not json' }))).toEqual({});
    expect(readMemory(storage({ [MEMORY_ITEM]: JSON.stringify({ a: { backend: 'cuda', measuredAt: 'x', trials: [] }, b: { backend: 'wasm' }, c: choice('wasm') }) }))).toEqual({ c: choice('wasm') });
  });

  it('ignores a storage that refuses to write', () => {
    const full: ChoiceStorage = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(() => remember(full, 'a', choice('wasm'))).not.toThrow();
  });
});
