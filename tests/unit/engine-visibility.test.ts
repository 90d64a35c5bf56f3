import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canBeSeen, inViewAfter, watchVisibility, type ViewEntry } from '../../src/lib/engine/visibility.ts';
import { FakeDocument, FakeObserver } from './fake-visibility.ts';

const entry = (isIntersecting: boolean, intersectionRatio = isIntersecting ? 1 : 0): ViewEntry => ({ isIntersecting, intersectionRatio });

describe('the visibility rule', () => {
  it('counts a widget taller than the view, covering it, as in view (ratio 0.3)', () => {
    expect(inViewAfter([entry(true, 0.3)], false)).toBe(true);
  });
  it('counts a widget that fills the view, showing less than half of itself, as in view', () => {
    expect(inViewAfter([entry(true, 0.45)], false)).toBe(true);
  });
  it('counts a widget that does not intersect as out of view', () => {
    expect(inViewAfter([entry(false)], true)).toBe(false);
  });
  it('reads the last of queued entries: a screenshot shrinks the view to 1×1 and back in one callback', () => {
    expect(inViewAfter([entry(false), entry(true, 0.37)], true)).toBe(true);
    expect(inViewAfter([entry(true, 0.37), entry(false)], true)).toBe(false);
  });
  it('keeps the previous answer for an empty batch', () => {
    expect(inViewAfter([], true)).toBe(true);
    expect(inViewAfter([], false)).toBe(false);
  });
  it('needs both: in view and the tab shown', () => {
    expect(canBeSeen({ inView: true, tabShown: true })).toBe(true);
    expect(canBeSeen({ inView: true, tabShown: false })).toBe(false);
    expect(canBeSeen({ inView: false, tabShown: true })).toBe(false);
  });
});

describe('watchVisibility', () => {
  let page: FakeDocument;
  beforeEach(() => (page = FakeDocument.install()));
  afterEach(() => page.uninstall());

  it('reports each change once, from both halves', () => {
    const seen: boolean[] = [];
    const stop = watchVisibility({} as Element, (visible) => seen.push(visible));
    FakeObserver.last().fire([entry(false)]);
    FakeObserver.last().fire([entry(true, 0.3)]);
    page.setTab('hidden');
    page.setTab('visible');
    expect(seen).toEqual([false, true, false, true]);
    stop();
    expect(FakeObserver.last().disconnected).toBe(true);
    expect(page.listeners).toBe(0);
  });

  it('does not let a tab shown again make a widget out of view visible', () => {
    const seen: boolean[] = [];
    watchVisibility({} as Element, (visible) => seen.push(visible));
    FakeObserver.last().fire([entry(false)]);
    page.setTab('hidden');
    page.setTab('visible');
    expect(seen).toEqual([false]);
  });

  it('stays visible through a screenshot of a widget taller than the view', () => {
    const seen: boolean[] = [];
    watchVisibility({} as Element, (visible) => seen.push(visible));
    FakeObserver.last().fire([entry(true, 0.3)]);
    FakeObserver.last().fire([entry(false), entry(true, 0.37)]);
    expect(seen).toEqual([true]);
  });
});
