/**
 * Loading datasets over HTTP in a page or a Worker. Decoding a full training split takes a
 * second or two of CPU, so call this from the engine Worker rather than the main thread.
 */
import { decodeDataset, verifyFile, type Dataset } from './dataset.ts';
import { validateManifest, type DatasetManifest, type DatasetName, type SplitName } from './manifest.ts';

/** Cache Storage bucket for downloaded .bin files; bump the suffix if the caching scheme changes. */
export const DATA_CACHE_NAME = 'vq-data-v1';

/** Options for loadDataset. */
export interface LoadDatasetOptions {
  /** URL of the data directory, with or without a trailing slash. */
  baseUrl?: string;
  /**
   * Which splits to return. 'test' downloads only test.bin; 'train' and 'both' download both
   * files, because train.bin is coded as a continuation of test.bin.
   */
  split?: 'train' | 'test' | 'both';
  /** Cache Storage bucket, or null to skip Cache Storage. */
  cacheName?: string | null;
  /** Replaces the global fetch (tests). */
  fetch?: typeof fetch;
}

const loaded = new Map<string, Promise<Dataset>>();

/**
 * Fetches, verifies and decodes a dataset, at most once per page or Worker for the same
 * arguments. The .bin files are kept in Cache Storage keyed by URL and SHA-256, so a later visit
 * downloads only the small manifest; without Cache Storage (Node, some private modes) it just fetches.
 */
export function loadDataset(name: DatasetName, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const base = (options.baseUrl ?? '/data/').replace(/\/?$/, '/');
  const wantTrain = (options.split ?? 'both') !== 'test';
  const cacheName = options.cacheName === undefined ? DATA_CACHE_NAME : options.cacheName;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const key = JSON.stringify([name, base, wantTrain, cacheName]);
  let promise = loaded.get(key);
  if (!promise) {
    promise = load(name, base, wantTrain, cacheName, doFetch);
    loaded.set(key, promise);
    // A failure should not stick: the next call retries.
    promise.catch(() => loaded.delete(key));
  }
  return promise;
}

async function load(
  name: DatasetName,
  base: string,
  wantTrain: boolean,
  cacheName: string | null,
  doFetch: typeof fetch,
): Promise<Dataset> {
  const manifestUrl = `${base}${name}/manifest.json`;
  // Always revalidate the manifest: it is tiny, and it is how a new deployment's data is noticed.
  const manifestResponse = await fetchOk(doFetch, manifestUrl, { cache: 'no-cache' });
  let json: unknown;
  try {
    json = await manifestResponse.json();
  } catch (e) {
    throw new Error(`${manifestUrl}: not valid JSON (${(e as Error).message})`);
  }
  const manifest = validateManifest(json, manifestUrl);
  if (manifest.name !== name) throw new Error(`${manifestUrl}: describes "${manifest.name}", expected "${name}"`);
  const cache = await openCache(cacheName);
  const splits: SplitName[] = wantTrain ? ['test', 'train'] : ['test'];
  const [test, train] = await Promise.all(
    splits.map((s) => fetchFile(doFetch, cache, manifest, s, `${base}${name}/${manifest.files[s].path}`)),
  );
  return decodeDataset(manifest, { test: test!, train });
}

async function fetchOk(doFetch: typeof fetch, url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await doFetch(url, init);
  } catch (e) {
    throw new Error(`Could not load ${url}: ${(e as Error).message}`);
  }
  if (!response.ok) throw new Error(`Could not load ${url}: HTTP ${response.status} ${response.statusText}`.trim());
  return response;
}

async function openCache(cacheName: string | null): Promise<Cache | null> {
  if (cacheName === null || typeof globalThis.caches === 'undefined') return null;
  try {
    return await globalThis.caches.open(cacheName);
  } catch {
    return null; // e.g. storage disabled, or an opaque origin
  }
}

/** Returns a verified copy of one file, from Cache Storage when it holds the manifest's version. */
async function fetchFile(
  doFetch: typeof fetch,
  cache: Cache | null,
  manifest: DatasetManifest,
  split: SplitName,
  url: string,
): Promise<Uint8Array> {
  const entry = manifest.files[split];
  // The query string makes the SHA part of the key; Cache Storage ignores URL fragments.
  const cacheKey = `${url}?sha256=${entry.sha256}`;
  if (cache) {
    try {
      const hit = await cache.match(cacheKey);
      if (hit) {
        const bytes = new Uint8Array(await hit.arrayBuffer());
        try {
          await verifyFile(manifest, split, bytes);
          return bytes;
        } catch {
          await cache.delete(cacheKey); // damaged entry: fall through and download again
        }
      }
    } catch {
      // Cache Storage is an optimisation; any failure just means downloading.
    }
  }
  let bytes = new Uint8Array(await (await fetchOk(doFetch, url)).arrayBuffer());
  try {
    await verifyFile(manifest, split, bytes);
  } catch {
    // Perhaps the HTTP cache kept a file from an earlier deployment: bypass it once, then give up.
    bytes = new Uint8Array(await (await fetchOk(doFetch, url, { cache: 'reload' })).arrayBuffer());
    await verifyFile(manifest, split, bytes);
  }
  if (cache) {
    try {
      await cache.put(cacheKey, new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/octet-stream' } }));
      // Drop copies of this file from earlier deployments.
      const here = globalThis.location?.href;
      const keyHref = new URL(cacheKey, here).href;
      const fileHref = new URL(url, here).href;
      for (const request of await cache.keys()) {
        if (request.url !== keyHref && request.url.split('?')[0] === fileHref) await cache.delete(request);
      }
    } catch {
      // Quota or storage errors only cost a download next time.
    }
  }
  return bytes;
}
