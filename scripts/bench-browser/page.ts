/**
 * The bench page: runs each backend in its own Worker (a fresh TF.js, as the site's engine has), one
 * after another, and hands the results to the Node script that opened it. The script exposes
 * `benchProgress` to print progress as it happens.
 */
import type { BackendResult, BenchOptions, WorkerMessage } from './protocol.ts';

declare global {
  interface Window {
    runBench(options: BenchOptions): Promise<BackendResult[]>;
    benchProgress?: (text: string) => void;
  }
}

function runBackend(backend: string, options: BenchOptions): Promise<BackendResult> {
  const result: BackendResult = { backend, workloads: [] };
  const worker = new Worker(new URL('./bench-worker.ts', import.meta.url), { type: 'module', name: `bench-${backend}` });
  return new Promise<BackendResult>((resolve) => {
    const finish = (error?: string) => {
      clearTimeout(timer);
      worker.terminate();
      if (error) result.error = error;
      resolve(result);
    };
    const timer = setTimeout(() => finish(`timed out after ${options.backendTimeoutMs / 1000} s`), options.backendTimeoutMs);
    worker.onerror = (event) => finish(`Worker error: ${event.message || 'unknown (a crash or an uncaught error)'}`);
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.type === 'progress') window.benchProgress?.(message.text);
      else if (message.type === 'environment') result.environment = message.environment;
      else if (message.type === 'workload') result.workloads.push(message.result);
      else if (message.type === 'failed') finish(message.error);
      else finish();
    };
    worker.postMessage({ backend, options });
  });
}

window.runBench = async (options) => {
  const results: BackendResult[] = [];
  for (const backend of options.backends) results.push(await runBackend(backend, options));
  return results;
};
