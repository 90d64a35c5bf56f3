import engineWorkerUrl from './worker.ts?worker&url';
import trialWorkerUrl from './calibration-worker.ts?worker&url';

/**
 * Starting the engine's module Workers on any page, the site's own or another site's. A Worker's
 * script has to come from the page's own origin, so `new Worker(url)` throws on a page that embeds the
 * site from elsewhere. There the Worker starts from a same-origin blob module whose one line imports
 * the site's script by its absolute URL: the import is a CORS request (the site sends
 * Access-Control-Allow-Origin under /embed/), and the script keeps its own URL as import.meta.url, so
 * its chunks and wasm binaries still resolve against the site. The Worker itself is then of the
 * host page's origin, and its base URL is the blob's, against which no relative URL resolves: whatever
 * it fetches must be named by an absolute URL.
 * The two scripts are imported with `?worker&url`, so Vite bundles each as a Worker entry in the site's
 * build and the embed's alike, without the `new Worker(new URL(…))` literal it otherwise looks for.
 */

/** The page's address, as far as starting a Worker needs it; tests pass their own. */
export type PageAddress = Pick<Location, 'href' | 'origin'>;

/**
 * A module Worker running the script at `url` (absolute, or relative to the page): constructed
 * directly when the script is on the page's origin, through a blob module that imports it otherwise.
 * Throws as `new Worker` does where the page forbids Workers (a Content Security Policy, say); a script
 * that cannot be fetched (404, refused by CORS) is reported by the Worker's `error` event.
 */
export function startModuleWorker(url: string | URL, name: string, page: PageAddress = location): Worker {
  const script = new URL(url, page.href);
  if (script.origin === page.origin) return new Worker(script, { type: 'module', name });
  // The module revokes its own address once its import has run; the page does if it never gets there.
  const source = `import ${JSON.stringify(script.href)};\nURL.revokeObjectURL(import.meta.url);\n`;
  const shim = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  let worker: Worker;
  try {
    worker = new Worker(shim, { type: 'module', name });
  } catch (error) {
    URL.revokeObjectURL(shim);
    throw error;
  }
  worker.addEventListener('error', () => URL.revokeObjectURL(shim), { once: true });
  return worker;
}

/** The page's engine Worker (worker.ts). */
export const startEngineWorker = (): Worker => startModuleWorker(engineWorkerUrl, 'vq-engine');

/** A short-lived Worker for one backend's trial (calibration-worker.ts). */
export const startTrialWorker = (): Worker => startModuleWorker(trialWorkerUrl, 'vq-backend-trial');
