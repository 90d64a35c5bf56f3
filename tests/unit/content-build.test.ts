import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
// Inside the project, so the fixture resolves astro and friends from our node_modules.
const fixtures = mkdtempSync(join(root, 'tests', '.fixture-'));
afterAll(() => rmSync(fixtures, { recursive: true, force: true }));

/** Runs Astro's real content sync on a project holding our collection config and the given content files. */
async function syncChapters(files: Record<string, string>): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(fixtures, 'site-'));
  cpSync(join(root, 'src', 'content.config.ts'), join(dir, 'src', 'content.config.ts'));
  cpSync(join(root, 'src', 'lib', 'content'), join(dir, 'src', 'lib', 'content'), { recursive: true });
  writeFileSync(join(dir, 'astro.config.mjs'), "import mdx from '@astrojs/mdx';\nexport default { integrations: [mdx()] };\n");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, 'content', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'content', path), text);
  }
  try {
    const { stdout, stderr } = await run('node', [join(root, 'node_modules/astro/bin/astro.mjs'), 'sync', '--root', dir]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

const chapter = (frontmatter: string) => `---\n${frontmatter}\n---\n\nSome prose.\n`;
const goodFrontmatter = 'title: A chapter\norder: 1\nsummary: A summary that is long enough to pass.';

describe('building chapters', () => {
  it('accepts valid chapters', async () => {
    const result = await syncChapters({ 'en/01-a-chapter.mdx': chapter(goodFrontmatter) });
    expect(result.output).not.toMatch(/error/i);
    expect(result.ok).toBe(true);
  });

  it('fails on invalid frontmatter, naming the file and the field', async () => {
    const result = await syncChapters({
      'en/01-a-chapter.mdx': chapter(goodFrontmatter),
      'en/02-broken.mdx': chapter('title: Broken\norder: two\nsummary: A summary that is long enough to pass.'),
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('content/en/02-broken.mdx');
    expect(result.output).toMatch(/order.*Expected type `"number"`/);
  });

  it('builds reference pages beside the chapters, without taking them for chapters', async () => {
    const result = await syncChapters({
      'en/01-a-chapter.mdx': chapter(goodFrontmatter),
      'en/appendix/notation.mdx': chapter('title: Notation\nsummary: Every symbol the chapters use.\norder: 1'),
    });
    expect(result.output).not.toMatch(/error/i);
    expect(result.ok).toBe(true);
  });

  it('fails on invalid reference-page frontmatter, naming the file and the field', async () => {
    const result = await syncChapters({
      'en/01-a-chapter.mdx': chapter(goodFrontmatter),
      'en/appendix/notation.mdx': chapter('title: Notation\nsummary: Every symbol the chapters use.\norder: 1\nstatus: draft'),
    });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('content/en/appendix/notation.mdx');
    expect(result.output).toContain('status');
  });

  it('fails on a file name that breaks the NN-slug rule, naming the file', async () => {
    const result = await syncChapters({ 'en/intro.mdx': chapter(goodFrontmatter) });
    expect(result.ok).toBe(false);
    expect(result.output).toContain('content/en/intro.mdx: chapter files must be named content/<lang>/NN-slug.mdx');
  });
});
