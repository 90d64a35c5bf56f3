/**
 * The site imports the model through its package (@vq-vae-live/vq), as other projects do, so the package
 * is built before the site whenever its sources changed: at the start of `astro build` and `astro dev`,
 * and in `astro dev` again on every save under src/lib/vq, which Vite then reloads like any dependency.
 */
import { resolve, sep } from 'node:path';
import type { AstroIntegration } from 'astro';
import { buildVqPackage, vqBuildIsStale } from '../build-vq.ts';

/** The integration, for astro.config.mjs. */
export function vqPackage(): AstroIntegration {
  const sources = resolve('src/lib/vq') + sep;
  let building: Promise<void> | null = null;
  return {
    name: 'vq-package',
    hooks: {
      'astro:config:setup': async ({ logger }) => {
        if (!vqBuildIsStale()) return;
        logger.info('building @vq-vae-live/vq (src/lib/vq/dist)');
        await buildVqPackage();
      },
      'astro:server:setup': ({ server, logger }) => {
        server.watcher.on('change', (file) => {
          if (!file.startsWith(sources) || file.startsWith(`${sources}dist${sep}`) || building) return;
          building = buildVqPackage()
            .then(() => logger.info('rebuilt @vq-vae-live/vq'), (error: unknown) => logger.error(`@vq-vae-live/vq did not build: ${error instanceof Error ? error.message : String(error)}`))
            .finally(() => (building = null));
        });
      },
    },
  };
}
