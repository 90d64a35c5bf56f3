import { resolveObjectURL } from 'node:buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startModuleWorker } from '../../src/lib/engine/module-worker.ts';

/** A stand-in for the browser's Worker: records how it was constructed, and lets a test fire its events. */
class FakeWorker {
  static made: FakeWorker[] = [];
  static refuse: Error | null = null;
  readonly listeners = new Map<string, () => void>();
  readonly url: string | URL;
  readonly options: WorkerOptions;
  constructor(url: string | URL, options: WorkerOptions) {
    if (FakeWorker.refuse) throw FakeWorker.refuse;
    this.url = url;
    this.options = options;
    FakeWorker.made.push(this);
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners.set(type, listener);
  }
}

const site = { href: 'https://vq.example/en/use-the-model/', origin: 'https://vq.example' };
const elsewhere = { href: 'https://blog.example/post/?x=1', origin: 'https://blog.example' };

afterEach(() => {
  vi.unstubAllGlobals();
  FakeWorker.made = [];
  FakeWorker.refuse = null;
});

describe('startModuleWorker', () => {
  it('constructs a module Worker from the script itself on the script’s own origin', () => {
    vi.stubGlobal('Worker', FakeWorker);
    startModuleWorker('/embed/assets/worker-abc.js', 'vq-engine', site);
    const [worker] = FakeWorker.made;
    expect(String(worker!.url)).toBe('https://vq.example/embed/assets/worker-abc.js');
    expect(worker!.options).toEqual({ type: 'module', name: 'vq-engine' });
  });

  it('on another origin, starts a blob module of that page’s origin that imports the script by its absolute URL', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    startModuleWorker('https://vq.example/embed/assets/worker-abc.js', 'vq-engine', elsewhere);
    const [worker] = FakeWorker.made;
    expect(worker!.options).toEqual({ type: 'module', name: 'vq-engine' });
    const blob = resolveObjectURL(String(worker!.url));
    expect(blob?.type).toBe('text/javascript');
    expect(await blob!.text()).toBe('import "https://vq.example/embed/assets/worker-abc.js";\nURL.revokeObjectURL(import.meta.url);\n');
  });

  it('revokes the blob when the Worker reports that it could not load', () => {
    vi.stubGlobal('Worker', FakeWorker);
    startModuleWorker('https://vq.example/embed/assets/worker-abc.js', 'vq-engine', elsewhere);
    const [worker] = FakeWorker.made;
    expect(resolveObjectURL(String(worker!.url))).toBeDefined();
    worker!.listeners.get('error')!();
    expect(resolveObjectURL(String(worker!.url))).toBeUndefined();
  });

  it('passes on a refusal to construct the Worker (a Content Security Policy, say)', () => {
    vi.stubGlobal('Worker', FakeWorker);
    FakeWorker.refuse = new Error("Failed to construct 'Worker': refused");
    expect(() => startModuleWorker('https://vq.example/embed/assets/worker-abc.js', 'vq-engine', elsewhere)).toThrow("Failed to construct 'Worker'");
  });
});
