/** Stand-ins for IntersectionObserver and the document's visibility, so the visibility rule and sessions run in Node. */
type Entry = { isIntersecting: boolean; intersectionRatio: number };

/** An IntersectionObserver whose entries a test delivers by hand. */
export class FakeObserver {
  static made: FakeObserver[] = [];
  disconnected = false;
  readonly #callback: (entries: Entry[]) => void;
  constructor(callback: (entries: Entry[]) => void) {
    this.#callback = callback;
    FakeObserver.made.push(this);
  }
  /** The observer made most recently. */
  static last(): FakeObserver {
    return FakeObserver.made[FakeObserver.made.length - 1];
  }
  /** Delivers every live observer the same batch, as the browser does for one element. */
  static fireAll(entries: Entry[]): void {
    for (const observer of FakeObserver.made) if (!observer.disconnected) observer.fire(entries);
  }
  observe(): void {}
  disconnect(): void {
    this.disconnected = true;
  }
  fire(entries: Entry[]): void {
    this.#callback(entries);
  }
}

/** A document with a visibility state and its visibilitychange listeners. */
export class FakeDocument {
  visibilityState: 'visible' | 'hidden' = 'visible';
  #listeners = new Set<() => void>();
  #saved: { document: unknown; observer: unknown } = { document: undefined, observer: undefined };

  static install(): FakeDocument {
    const page = new FakeDocument();
    const scope = globalThis as Record<string, unknown>;
    page.#saved = { document: scope.document, observer: scope.IntersectionObserver };
    scope.document = page;
    scope.IntersectionObserver = FakeObserver;
    FakeObserver.made = [];
    return page;
  }
  uninstall(): void {
    const scope = globalThis as Record<string, unknown>;
    scope.document = this.#saved.document;
    scope.IntersectionObserver = this.#saved.observer;
  }
  get listeners(): number {
    return this.#listeners.size;
  }
  addEventListener(_type: string, listener: () => void): void {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: string, listener: () => void): void {
    this.#listeners.delete(listener);
  }
  setTab(state: 'visible' | 'hidden'): void {
    this.visibilityState = state;
    for (const listener of this.#listeners) listener();
  }
}
