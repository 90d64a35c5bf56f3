/**
 * The reuse docs show code that readers copy, so each snippet is tied to a file that a test runs:
 * the bundler snippet to tests/consumer/src/train.ts and the Node one to tests/consumer/node-train.mjs
 * (both run by `npm run test:package`), and the plain page's script to tests/second-origin/lib.html
 * (run by hosted-module.spec.ts). A snippet that drifts from its file fails here, not in a reader's
 * project. The docs are chapter 7 in both languages, the project's README and the package's README.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as vq from '../../src/lib/vq/index.ts';
import * as vqNode from '../../src/lib/vq/node.ts';
import { embeds, tagFor } from '../../src/embed/registry.ts';

const read = (path: string) => readFileSync(path, 'utf8');
const chapters = ['content/en/07-use-the-model.mdx', 'content/zh/07-use-the-model.mdx'];
const readmes = ['README.md', 'src/lib/vq/README.md'];
const docs = [...chapters, ...readmes];

const bundlerFile = 'tests/consumer/src/train.ts';
const nodeFile = 'tests/consumer/node-train.mjs';
const plainPageFile = 'tests/second-origin/lib.html';

interface CodeBlock {
  lang: string;
  code: string;
}

/** The fenced code blocks of a Markdown or MDX document; a block indented under a list item loses that indent. */
function codeBlocks(markdown: string): CodeBlock[] {
  return [...markdown.matchAll(/^( *)```(\w*)[^\n]*\n([\s\S]*?)^\1```/gm)].map((m) => {
    const indent = m[1]!.length;
    return { lang: m[2]!, code: m[3]!.split('\n').map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length))).join('\n') };
  });
}

/**
 * The lines that are code, trimmed, without blank lines and whole-line comments. A translation may
 * rewrite the comments and an excerpt its indentation; neither may change a line of code.
 */
function codeLines(code: string): string[] {
  return code
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//') && !line.startsWith('/*') && !line.startsWith('*'));
}

/** Whether `block` is `file`'s code, line for line (comments aside). */
const sameCode = (block: string, file: string) => JSON.stringify(codeLines(block)) === JSON.stringify(codeLines(file));

/** Whether every line of code in `block` is a line of `file`, in the file's order (an excerpt). */
function excerptOf(block: string, file: string): boolean {
  const lines = codeLines(file);
  let at = 0;
  for (const line of codeLines(block)) {
    at = lines.indexOf(line, at);
    if (at === -1) return false;
    at += 1;
  }
  return codeLines(block).length > 0;
}

/** Whether `needle`'s lines of code appear in `haystack`'s as one run, in order. */
function containsRun(haystack: string, needle: string[]): boolean {
  const lines = codeLines(haystack);
  return lines.some((_, start) => needle.every((line, i) => lines[start + i] === line));
}

/**
 * lib.html's script from the import to the training loop, as a reader's page would write it: the
 * fixture takes the site and the backend from its own address, a reader writes them out.
 */
function plainPageLines(html: string): string[] {
  const lines = codeLines(html.replace('`${site}/lib/vq.js`', "'SITE/lib/vq.js'").replace("new URLSearchParams(location.search).get('backend') ?? 'wasm'", "'wasm'"));
  const first = lines.findIndex((line) => line.includes("'SITE/lib/vq.js'"));
  const last = lines.findIndex((line, i) => i > first && line.startsWith('for ('));
  return first === -1 || last === -1 ? [] : lines.slice(first, last + 1);
}

/** A document's code with the site's address, whatever a document calls it, written SITE. */
const withSite = (code: string) => code.replace(/https:\/\/(vq-vae\.example\.org|<site>)/g, 'SITE');

/** The names a document imports from the package (`import { … } from '@vq-vae-live/vq'`), by entry. */
function importedNames(text: string): { entry: string; names: string[] }[] {
  return [...text.matchAll(/import\s*\{([^}]+)\}\s*from\s*'(@vq-vae-live\/vq(?:\/node)?)'/g)].map((m) => ({
    entry: m[2]!,
    names: m[1]!.split(',').map((name) => name.trim().split(/\s+as\s+/)[0]!).filter(Boolean),
  }));
}

describe('the docs show the code the package tests run', () => {
  const bundler = read(bundlerFile);
  const node = read(nodeFile);
  const plainPage = plainPageLines(read(plainPageFile));

  it('lib.html still has the script the docs copy (an import of /lib/vq.js through the training loop)', () => {
    expect(plainPage.length).toBeGreaterThan(5);
    expect(plainPage[0]).toBe("const { tf, VQVAE, useBackend } = await import('SITE/lib/vq.js');");
  });

  for (const doc of chapters) {
    describe(doc, () => {
      const blocks = codeBlocks(read(doc));

      it(`shows ${bundlerFile} whole`, () => {
        expect(blocks.filter((b) => b.lang === 'ts' && sameCode(b.code, bundler)), `no ts block in ${doc} has the code of ${bundlerFile}`).toHaveLength(1);
      });

      it(`shows ${nodeFile} whole`, () => {
        expect(blocks.filter((b) => b.lang === 'js' && sameCode(b.code, node)), `no js block in ${doc} has the code of ${nodeFile}`).toHaveLength(1);
      });

      it(`shows the plain page's script of ${plainPageFile}`, () => {
        const pages = blocks.filter((b) => b.lang === 'html' && b.code.includes('/lib/vq.js'));
        expect(pages).toHaveLength(1);
        expect(containsRun(withSite(pages[0]!.code), plainPage), `the html block in ${doc} differs from ${plainPageFile}'s script`).toBe(true);
      });
    });
  }

  it('the English chapter shows both files exactly as they are, comments included', () => {
    const code = codeBlocks(read(chapters[0]!)).map((b) => b.code);
    expect(code).toContain(bundler);
    expect(code).toContain(node);
  });

  for (const doc of readmes) {
    describe(doc, () => {
      const blocks = codeBlocks(read(doc));

      it(`shows ${nodeFile} whole`, () => {
        expect(blocks.filter((b) => sameCode(b.code, node)), `no block in ${doc} has the code of ${nodeFile}`).toHaveLength(1);
      });

      it(`shows the bundler's useBackend call as an excerpt of ${bundlerFile}`, () => {
        const withPaths = blocks.filter((b) => b.lang === 'ts' && b.code.includes('wasmPaths: {'));
        expect(withPaths).toHaveLength(1);
        expect(excerptOf(withPaths[0]!.code, bundler), `${doc}'s bundler block has a line that ${bundlerFile} does not`).toBe(true);
        // The excerpt keeps what makes it work from a bundler: the three ?url imports and the call.
        for (const key of codeLines(bundler).filter((line) => line.includes('?url') || line.includes('wasmPaths:') || line.includes("await useBackend('wasm'"))) {
          expect(codeLines(withPaths[0]!.code), `${doc} leaves out: ${key}`).toContain(key);
        }
      });

      it(`imports the hosted module as ${plainPageFile} does`, () => {
        expect(withSite(read(doc))).toContain(plainPage[0]!.replace(';', ''));
      });
    });
  }
});

describe('what the docs name exists', () => {
  const manifest = JSON.parse(read('src/lib/vq/package.json')) as { name: string; version: string; peerDependencies: Record<string, string> };
  const wasmVersion = (JSON.parse(read('node_modules/@tensorflow/tfjs-backend-wasm/package.json')) as { version: string }).version;
  // npm pack names the tarball after the package: @scope/name becomes scope-name-version.tgz.
  const tarball = `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`;

  for (const doc of docs) {
    describe(doc, () => {
      const text = read(doc);

      it('installs the tarball npm pack makes, with the peer dependency and the wasm backend', () => {
        // Not on the npm registry yet: every doc says to pack it in a checkout and install that file.
        expect(text).toContain(`npm pack -w ${manifest.name}`);
        expect(text).toContain(`npm i ./${tarball} @tensorflow/tfjs-core @tensorflow/tfjs-backend-wasm`);
        expect(Object.keys(manifest.peerDependencies)).toEqual(['@tensorflow/tfjs-core']);
      });

      it('imports only names the package exports', () => {
        const imports = importedNames(text);
        expect(imports.length).toBeGreaterThan(0);
        for (const { entry, names } of imports) {
          const module: Record<string, unknown> = entry.endsWith('/node') ? vqNode : vq;
          for (const name of names) expect(module[name], `${doc} imports ${name} from ${entry}`).toBeDefined();
        }
      });

      it('points wasmPaths at a CDN folder of the installed wasm backend, which holds the binaries', () => {
        const folders = [...text.matchAll(/https:\/\/cdn\.jsdelivr\.net\/npm\/@tensorflow\/tfjs-backend-wasm@([\d.]+)\/dist\//g)];
        // The project's README stays short and leaves the CDN to the chapter; the others show it.
        if (doc !== 'README.md') expect(folders.length).toBeGreaterThan(0);
        for (const folder of folders) expect(folder[1]).toBe(wasmVersion);
        for (const binary of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']) {
          expect(existsSync(`node_modules/@tensorflow/tfjs-backend-wasm/dist/${binary}`), binary).toBe(true);
        }
      });

      it.skipIf(doc === 'src/lib/vq/README.md')('names only elements and embed pages that exist, in the code it shows', () => {
        const code = codeBlocks(text).map((b) => b.code).join('\n');
        const slugs = Object.keys(embeds);
        const tags = [...code.matchAll(/<(vq-[a-z-]+)/g)].map((m) => m[1]!);
        for (const tag of tags) expect(slugs.map(tagFor), `${doc}: <${tag}>`).toContain(tag);
        const pages = [...code.matchAll(/\/embed\/([a-z-]+)\//g)].map((m) => m[1]!);
        for (const page of pages) expect(slugs, `${doc}: /embed/${page}/`).toContain(page);
        expect(code).toContain('/embed/widgets.js');
        expect(tags.length).toBeGreaterThan(0);
        expect(pages.length).toBeGreaterThan(0);
      });
    });
  }

  it("the fields the docs give useBackend's result are BackendInUse's", () => {
    const declared = read('src/lib/vq/use-backend.ts').match(/export interface BackendInUse \{([\s\S]*?)\n\}/)![1]!;
    for (const doc of docs) {
      for (const m of read(doc).matchAll(/`\{ (backend(?:, \w+)*) \}`/g)) {
        for (const field of m[1]!.split(', ')) expect(declared, `${doc}: ${field}`).toMatch(new RegExp(`^\\s*${field}:`, 'm'));
      }
    }
  });
});

describe('the checks themselves', () => {
  const file = "import a from 'a';\n// a comment\nexport function f() {\n  return a(1);\n}\n";

  it('take a block with other comments or indentation for the same code, and nothing else', () => {
    expect(sameCode("import a from 'a';\n// 注释\nexport function f() {\n    return a(1);\n}", file)).toBe(true);
    expect(sameCode("import a from 'a';\nexport function f() {\n  return a(2);\n}", file)).toBe(false);
    expect(sameCode("import a from 'a';\nexport function f() {\n  return a(1);\n", file)).toBe(false);
  });

  it('take an excerpt in the file\'s order, and refuse a line the file does not have', () => {
    expect(excerptOf('return a(1);\n}', file)).toBe(true);
    expect(excerptOf("return a(1);\nimport a from 'a';", file)).toBe(false);
    expect(excerptOf('return a(1) + 1;', file)).toBe(false);
  });

  it('find a run of lines only where it is unbroken', () => {
    expect(containsRun(file, ['export function f() {', 'return a(1);'])).toBe(true);
    expect(containsRun(file, ["import a from 'a';", 'return a(1);'])).toBe(false);
  });

  it('read blocks indented under a list item', () => {
    expect(codeBlocks('- text:\n\n  ```ts\n  const x = 1;\n    y();\n  ```\n')).toEqual([{ lang: 'ts', code: 'const x = 1;\n  y();\n' }]);
  });
});
