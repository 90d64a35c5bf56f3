import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A page the site must build, with the maths its source contains (if it is a chapter or a reference page). */
export interface SitePage {
  path: string;
  /** Number of `$…$` and `$$…$$` expressions in the page's MDX source; 0 for pages not written in MDX. */
  mathCount: number;
  /** True for a reference page (content/<lang>/appendix/*.mdx), which is weighed like a chapter. */
  appendix?: boolean;
}

/** Counts maths in MDX, skipping fenced code where a dollar sign is just a dollar sign. */
export function countMath(mdx: string): number {
  const body = mdx.replace(/^---[\s\S]*?\n---/, '').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const display = body.match(/\$\$[\s\S]+?\$\$/g) ?? [];
  const inline = body.replace(/\$\$[\s\S]+?\$\$/g, '').match(/\$[^$\n]+\$/g) ?? [];
  return display.length + inline.length;
}

/** Every page the build should contain, derived from the content folder rather than the build output. */
export function expectedPages(): SitePage[] {
  // The example page of chapter 7 builds its demo from the module alone.
  const pages: SitePage[] = [{ path: '/', mathCount: 0 }, { path: '/examples/train-tiny/', mathCount: 0 }];
  for (const lang of ['en', 'zh']) {
    pages.push({ path: `/${lang}/`, mathCount: 0 }, { path: `/${lang}/credits/`, mathCount: 0 });
    const dir = join('content', lang);
    // A language may have no chapters yet; its landing page then lists the English ones.
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.mdx')) : [];
    for (const file of files) {
      const slug = file.replace(/^\d{2}-/, '').replace(/\.mdx$/, '');
      pages.push({ path: `/${lang}/${slug}/`, mathCount: countMath(readFileSync(join(dir, file), 'utf8')) });
    }
    // Reference pages (notation, measurements) are built only for a language that has them.
    const appendixDir = join(dir, 'appendix');
    const appendixFiles = existsSync(appendixDir) ? readdirSync(appendixDir).filter((f) => f.endsWith('.mdx')) : [];
    for (const file of appendixFiles) {
      const slug = file.replace(/\.mdx$/, '');
      pages.push({ path: `/${lang}/${slug}/`, mathCount: countMath(readFileSync(join(appendixDir, file), 'utf8')), appendix: true });
    }
  }
  return pages;
}
