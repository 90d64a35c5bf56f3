/**
 * Serves the hosted model module under /lib/ (vq.js, its chunks, the wasm binaries and the declarations),
 * from the separate Vite build in src/lib/hosted/build.ts.
 */
import { builtFilesRoute } from '../../lib/built-files-route.ts';
import { buildHostedModule } from '../../lib/hosted/build.ts';

export const { getStaticPaths, GET } = builtFilesRoute(() => buildHostedModule());
