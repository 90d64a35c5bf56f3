import { isBackendName } from './backend.ts';
import type { RememberedChoice } from './backend-choice.ts';

/**
 * The measured backend choices this browser remembers, in localStorage, so that a later visit starts
 * at once on the winner. Workers have no localStorage, so the page reads the memory, hands it to the
 * engine's init, and writes what the trials found.
 */

/** The localStorage item that holds every remembered choice, by key (see `choiceKey`). */
export const MEMORY_ITEM = 'vq-vae:backend-choice';

/** Entries kept at most: one per browser build and adapter, so old builds fall off the end. */
const MAX_ENTRIES = 8;

/** The slice of `Storage` the memory needs; tests pass a Map-backed stand-in. */
export type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** Every remembered choice, by key. Unreadable or foreign contents count as no memory. */
export type ChoiceMemory = Record<string, RememberedChoice>;

function isRemembered(value: unknown): value is RememberedChoice {
  const entry = value as RememberedChoice | null;
  return typeof entry === 'object' && entry !== null && typeof entry.backend === 'string' && isBackendName(entry.backend) && typeof entry.measuredAt === 'string' && Array.isArray(entry.trials);
}

/** The remembered choices; an empty memory when storage is missing, blocked or holds something else. */
export function readMemory(storage: ChoiceStorage | null): ChoiceMemory {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(MEMORY_ITEM) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, entry]) => isRemembered(entry)));
  } catch {
    return {};
  }
}

/** Remembers `choice` under `key`, newest last, dropping the oldest beyond the limit. Storage errors are ignored. */
export function remember(storage: ChoiceStorage | null, key: string, choice: RememberedChoice): void {
  const entries = Object.entries(readMemory(storage)).filter(([k]) => k !== key);
  entries.push([key, choice]);
  try {
    storage?.setItem(MEMORY_ITEM, JSON.stringify(Object.fromEntries(entries.slice(-MAX_ENTRIES))));
  } catch {
    // A full or blocked storage only means measuring again next time.
  }
}

/** Forgets the choice under `key`, for when the remembered backend no longer starts. */
export function forget(storage: ChoiceStorage | null, key: string): void {
  const memory = readMemory(storage);
  if (!(key in memory)) return;
  delete memory[key];
  try {
    storage?.setItem(MEMORY_ITEM, JSON.stringify(memory));
  } catch {
    // Nothing to do: the stale entry is only a slower start.
  }
}

/** The page's localStorage, or null where it is missing or refused (some privacy modes throw on access). */
export function pageStorage(): ChoiceStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}
