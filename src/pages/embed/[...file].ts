/**
 * Serves the embed script and everything it loads under /embed/ (widgets.js, chunks/, assets/), from the
 * separate Vite build in src/embed/build.ts.
 */
import { builtFilesRoute } from '../../lib/built-files-route.ts';
import { buildEmbed } from '../../embed/build.ts';

export const { getStaticPaths, GET } = builtFilesRoute(() => buildEmbed());
