// Reads a page's memory and its engine Worker's over the Chrome DevTools Protocol: the page's JS heap
// (Performance.getMetrics), the Worker's JS heap (Runtime.getHeapUsage on the Worker's own target), and
// tf.memory() inside the Worker. TF.js keeps its engine on the global object (`_tfengine`, tfjs-core's
// getOrMakeEngine), so the Worker's own counts are read where they live, with no debug request added
// to the engine's protocol. Both heaps are read after a forced garbage collection, so that what is
// compared from minute to minute is what is still reachable, not what the collector has not got to.
import type { CDPSession, Page } from '@playwright/test';

/** tf.memory() in a Worker, as TF.js reports it. */
export interface TfMemory {
  numTensors: number;
  numDataBuffers: number;
  numBytes: number;
  /** TF.js's own flag: true when a backend cannot count its bytes exactly. */
  unreliable: boolean;
}

/** One reading of a page and its engine Worker. */
export interface MemoryReading {
  pageHeapBytes: number;
  workerHeapBytes: number;
  tf: TfMemory;
  /** The size of the wasm backend's WebAssembly memory (it only ever grows); null on other backends. */
  wasmMemoryBytes: number | null;
  backend: string;
  /** Workers with a TF.js engine on the page; the engine's is the oldest, trials (if any) come and go. */
  tfWorkers: number;
}

/** A CDP session of a Worker, spoken to through its page's session (Target.sendMessageToTarget). */
class WorkerSession {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly page: CDPSession;
  readonly sessionId: string;
  readonly url: string;
  constructor(page: CDPSession, sessionId: string, url: string) {
    this.page = page;
    this.sessionId = sessionId;
    this.url = url;
  }

  /** Sends one CDP command to the Worker and waits for its answer. */
  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.next++;
    const answer = new Promise<T>((resolve, reject) => this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject }));
    void this.page.send('Target.sendMessageToTarget', { sessionId: this.sessionId, message: JSON.stringify({ id, method, params }) }).catch((error: Error) => this.fail(id, error));
    return answer;
  }

  /** Hands a message from the Worker to the command waiting for it; events are ignored. */
  receive(text: string) {
    const message = JSON.parse(text) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    const waiter = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error.message));
    else waiter?.resolve(message.result);
  }

  /** Fails every command still waiting, for when the Worker went away. */
  close(reason: string) {
    for (const id of [...this.waiting.keys()]) this.fail(id, new Error(reason));
  }

  private fail(id: number, error: Error) {
    this.waiting.get(id)?.reject(error);
    this.waiting.delete(id);
  }
}

/** What a Worker says about its TF.js engine, or null when it has none. */
const workerExpression = `(() => {
  const engine = self._tfengine;
  if (!engine) return null;
  const wasm = engine.backendName === 'wasm' ? engine.backend?.wasm : null;
  const buffer = wasm?.HEAPU8?.buffer ?? wasm?.wasmMemory?.buffer ?? null;
  return { tf: engine.memory(), backend: engine.backendName, wasmMemoryBytes: buffer ? buffer.byteLength : null };
})()`;

type WorkerFacts = { tf: TfMemory; backend: string; wasmMemoryBytes: number | null };

/** Watches one page: attaches to its Workers as they start, and reads the memory of the page and its engine Worker. */
export class MemoryProbe {
  private readonly workers: WorkerSession[] = [];

  private readonly session: CDPSession;

  private constructor(session: CDPSession) {
    this.session = session;
  }

  /** A probe of `page`, attached to the Workers it has now and to those it starts later. */
  static async attach(page: Page): Promise<MemoryProbe> {
    const session = await page.context().newCDPSession(page);
    const probe = new MemoryProbe(session);
    session.on('Target.attachedToTarget', (event) => {
      if (event.targetInfo.type === 'worker') probe.workers.push(new WorkerSession(session, event.sessionId, event.targetInfo.url));
    });
    session.on('Target.detachedFromTarget', (event) => {
      const index = probe.workers.findIndex((worker) => worker.sessionId === event.sessionId);
      if (index >= 0) probe.workers.splice(index, 1)[0].close('the Worker went away');
    });
    session.on('Target.receivedMessageFromTarget', (event) => probe.workers.find((worker) => worker.sessionId === event.sessionId)?.receive(event.message));
    // Not flattened: Playwright flattens its own sessions, and this one must not take their messages.
    await session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    await session.send('Performance.enable');
    return probe;
  }

  /** Collects garbage in the page and its engine Worker, then reads both heaps and the Worker's tf.memory(). */
  async read(): Promise<MemoryReading> {
    const engines: { worker: WorkerSession; facts: WorkerFacts }[] = [];
    for (const worker of [...this.workers]) {
      const facts = await evaluate<WorkerFacts | null>(worker, workerExpression).catch(() => null);
      if (facts) engines.push({ worker, facts });
    }
    const engine = engines[0];
    if (!engine) throw new Error(`no Worker of this page has a TF.js engine (Workers attached: ${this.workers.map((w) => w.url).join(', ') || 'none'})`);
    await engine.worker.send('HeapProfiler.collectGarbage');
    await this.session.send('HeapProfiler.collectGarbage');
    const heap = await engine.worker.send<{ usedSize: number }>('Runtime.getHeapUsage');
    const { metrics } = await this.session.send('Performance.getMetrics');
    const pageHeap = metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value;
    if (pageHeap === undefined) throw new Error('Performance.getMetrics gave no JSHeapUsedSize');
    // tf.memory() again, after the collection, so that the counts and the heaps are of one moment.
    const facts = (await evaluate<WorkerFacts | null>(engine.worker, workerExpression)) ?? engine.facts;
    return { pageHeapBytes: pageHeap, workerHeapBytes: heap.usedSize, tf: facts.tf, wasmMemoryBytes: facts.wasmMemoryBytes, backend: facts.backend, tfWorkers: engines.length };
  }

  /**
   * Leaves `count` small tensors behind in the engine Worker, never disposed: a leak made on purpose,
   * so that a soak can show its verdict catches one (`--leak-per-turn`).
   */
  async leak(count: number): Promise<void> {
    const engine = await this.engineWorker();
    await evaluate(engine, `(() => { for (let i = 0; i < ${count}; i++) self._tfengine.makeTensor(new Float32Array(4), [4], 'float32'); return true; })()`);
  }

  /** The oldest Worker of the page with a TF.js engine: the engine's own. */
  private async engineWorker(): Promise<WorkerSession> {
    for (const worker of [...this.workers]) if (await evaluate<boolean>(worker, '!!self._tfengine').catch(() => false)) return worker;
    throw new Error(`no Worker of this page has a TF.js engine (Workers attached: ${this.workers.map((w) => w.url).join(', ') || 'none'})`);
  }

  /** Detaches from the page. */
  async close() {
    for (const worker of this.workers) worker.close('the probe closed');
    await this.session.detach().catch(() => {});
  }
}

/** Evaluates `expression` in a Worker and returns its value; a thrown exception becomes an error here. */
async function evaluate<T>(worker: WorkerSession, expression: string): Promise<T> {
  const reply = await worker.send<{ result: { value?: T }; exceptionDetails?: { text: string } }>('Runtime.evaluate', { expression, returnByValue: true });
  if (reply.exceptionDetails) throw new Error(`in the Worker: ${reply.exceptionDetails.text}`);
  return reply.result.value as T;
}
