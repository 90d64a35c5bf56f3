/**
 * Completes the Content Security Policy that Astro writes into every page (security.csp in
 * astro.config.mjs). Astro hashes the scripts and styles it bundles itself, but not `<script is:inline>`
 * (the theme scripts, which must run before first paint, and the /embed/ page's) nor every style it
 * inlines (an MDX component's <style>, found only through the content collection). After the build, this
 * hashes each page's remaining inline <script> and <style> and adds them to that page's policy, so no
 * directive needs 'unsafe-inline'; and it moves the policy's <meta> up to just after <meta charset>,
 * where it covers every script of the page (Astro puts it after the head's own inline script).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

const metaPattern = /<meta http-equiv="content-security-policy" content="([^"]*)">/;
// Raw-text elements: their text is what the browser hashes, byte for byte.
const inlinePattern = /<(script|style)(\s[^>]*)?>([\s\S]*?)<\/\1>/g;
// Scripts of these types are data, not code: CSP does not check them.
const executable = /^(|module|text\/javascript|application\/javascript)$/i;

/** The SHA-256 source expression of an inline script's or style's text, as CSP writes it. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The hashes a page's inline code needs: its inline scripts' (not src=, not data blocks) and its <style> elements'. */
export function inlineHashes(html: string): { script: string[]; style: string[] } {
  const script = new Set<string>();
  const style = new Set<string>();
  for (const [, tag, attributes = '', text = ''] of html.matchAll(inlinePattern)) {
    if (tag === 'style') style.add(cspHash(text));
    else if (!/\ssrc\s*=/.test(` ${attributes}`) && executable.test(/\stype\s*=\s*"?([^"\s>]*)/.exec(` ${attributes}`)?.[1] ?? '')) script.add(cspHash(text));
  }
  return { script: [...script], style: [...style] };
}

/**
 * The policy with `hashes` added to the directive that governs elements of that kind: `<family>-src-elem`
 * when the policy has one, else `<family>-src`. Hashes already there are not repeated. A style directive
 * that allows 'unsafe-inline' (a page running the embed's widgets, see EmbedExamples.astro) is left as it
 * is, since a hash beside 'unsafe-inline' switches it off; a script directive may never allow it.
 */
export function addHashes(policy: string, family: 'script' | 'style', hashes: string[]): string {
  const directives = policy.split(';').map((part) => part.trim()).filter(Boolean);
  const names = directives.map((part) => part.split(/\s+/)[0]);
  const at = names.indexOf(`${family}-src-elem`) >= 0 ? names.indexOf(`${family}-src-elem`) : names.indexOf(`${family}-src`);
  if (at < 0) throw new Error(`the policy has no ${family}-src directive to add hashes to: ${policy}`);
  const current = directives[at]!;
  if (/'unsafe-inline'/.test(current)) {
    if (family === 'script') throw new Error(`${current.split(' ')[0]} allows 'unsafe-inline': ${current}`);
    return `${directives.join('; ')};`;
  }
  const missing = hashes.filter((hash) => !current.split(/\s+/).includes(hash));
  directives[at] = [current, ...missing].join(' ');
  return `${directives.join('; ')};`;
}

/** One built page with its policy completed and placed first in <head>; throws when the page has no policy. */
export function completePolicy(html: string): string {
  const meta = metaPattern.exec(html);
  if (!meta) throw new Error('no <meta http-equiv="content-security-policy">');
  const { script, style } = inlineHashes(html);
  const policy = addHashes(addHashes(meta[1]!, 'script', script), 'style', style);
  const withoutMeta = html.slice(0, meta.index) + html.slice(meta.index + meta[0].length);
  const charset = /<meta charset="[^"]*">/i.exec(withoutMeta);
  if (!charset) throw new Error('no <meta charset> to put the policy after');
  const at = charset.index + charset[0].length;
  return `${withoutMeta.slice(0, at)}<meta http-equiv="content-security-policy" content="${policy}">${withoutMeta.slice(at)}`;
}

async function htmlFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).map((entry) => join(entry.parentPath, entry.name));
}

/** The integration, for astro.config.mjs; it needs security.csp with the default SHA-256 algorithm. */
export function cspInlineHashes(): AstroIntegration {
  return {
    name: 'csp-inline-hashes',
    hooks: {
      'astro:config:done': ({ config }) => {
        const csp = config.security?.csp;
        if (!csp) throw new Error('csp-inline-hashes: security.csp is off in astro.config.mjs');
        if (typeof csp === 'object' && csp.algorithm && csp.algorithm !== 'SHA-256') throw new Error('csp-inline-hashes: hashes with SHA-256 only');
      },
      'astro:build:done': async ({ dir, logger }) => {
        const files = await htmlFiles(fileURLToPath(dir));
        for (const file of files) {
          try {
            await writeFile(file, completePolicy(await readFile(file, 'utf8')));
          } catch (error) {
            throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        logger.info(`completed the Content Security Policy of ${files.length} pages`);
      },
    },
  };
}
