/**
 * Engine start-up for a widget's onMount, written once. The engine's modules are imported here,
 * dynamically, so the static build never loads them and each page fetches them only when a widget
 * first needs the Worker.
 */
import type { EngineClient } from '../engine/client.svelte.ts';
import type { SessionKind, TrainingSession } from '../engine/training-session.svelte.ts';

/** The page's one engine, started on first use. Call it from onMount, never during the build. */
export async function useEngine(): Promise<EngineClient> {
  const { EngineClient } = await import('../engine/client.svelte.ts');
  return EngineClient.shared();
}

/** A training session of kind K (a VQ-VAE by default) named after the widget, on the page's engine. */
export async function useSession<K extends SessionKind = 'vqvae'>(widget: string, kind: K = 'vqvae' as K): Promise<TrainingSession<K>> {
  const { TrainingSession } = await import('../engine/training-session.svelte.ts');
  return new TrainingSession(widget, kind);
}

/** The session class itself, for widgets that make several sessions over time (VariantArena). */
export async function sessionClass(): Promise<typeof TrainingSession> {
  return (await import('../engine/training-session.svelte.ts')).TrainingSession;
}
