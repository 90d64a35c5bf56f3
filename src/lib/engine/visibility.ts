/**
 * The one rule for whether a widget can be seen, so that widgets on a page take turns on the GPU:
 * it is in view AND its tab is shown. Sessions (training-session.svelte.ts) and widgets that
 * loop without a session (HeroSamples) all follow it through `watchVisibility`.
 */

/** The parts of an IntersectionObserver entry the rule reads, so tests can hand-make entries. */
export type ViewEntry = Pick<IntersectionObserverEntry, 'isIntersecting' | 'intersectionRatio'>;

/**
 * Whether the element is in view after a batch of IntersectionObserver entries, or `previous` when
 * the batch is empty. Entries queue up between two frames, and only the last one says where the
 * element is now: a Playwright screenshot of a widget taller than the view shrinks the viewport to
 * 1×1 and back, which delivers [not intersecting, intersecting] in one callback. Any overlap counts:
 * a widget taller than the view never shows more than a fraction of itself, and one that fills the
 * view may show less than half of itself, yet both are in view.
 */
export function inViewAfter(entries: readonly ViewEntry[], previous: boolean): boolean {
  const last = entries.at(-1);
  return last === undefined ? previous : last.isIntersecting || last.intersectionRatio > 0;
}

/** Whether a widget can be seen: in view, and its tab shown. */
export function canBeSeen(state: { inView: boolean; tabShown: boolean }): boolean {
  return state.inView && state.tabShown;
}

/**
 * Calls `onChange` with whether `element` can be seen: once the observer first reports, then each
 * time that changes. The observer gives in-view, the document gives tab-shown, and each event
 * updates only its half (a tab shown again does not make a widget out of view visible). Returns the
 * cleanup for onMount.
 */
export function watchVisibility(element: Element, onChange: (visible: boolean) => void): () => void {
  const state = { inView: true, tabShown: document.visibilityState === 'visible' };
  let reported: boolean | null = null;
  const report = () => {
    const now = canBeSeen(state);
    if (now === reported) return;
    reported = now;
    onChange(now);
  };
  const observer = new IntersectionObserver((entries) => {
    state.inView = inViewAfter(entries, state.inView);
    report();
  });
  observer.observe(element);
  const onTab = () => {
    state.tabShown = document.visibilityState === 'visible';
    report();
  };
  document.addEventListener('visibilitychange', onTab);
  return () => {
    observer.disconnect();
    document.removeEventListener('visibilitychange', onTab);
  };
}
