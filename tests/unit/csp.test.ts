import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addHashes, completePolicy, cspHash, inlineHashes } from '../../scripts/csp/astro-integration.ts';

// What completes each built page's Content Security Policy (scripts/csp/astro-integration.ts); the built
// pages themselves are checked in tests/e2e/csp.spec.ts, and run under the policy in every e2e spec.

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('cspHash', () => {
  it('is CSP\'s sha256 source expression of the exact text', () => {
    expect(cspHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    // Whitespace and line breaks count: the browser hashes the element's text as it is.
    expect(cspHash('\n  a();\n')).not.toBe(cspHash('a();'));
  });
});

describe('inlineHashes', () => {
  it('hashes inline scripts, module or classic, and <style> elements; not scripts with src, nor data blocks', () => {
    const html = [
      '<script>\n  one();\n</script>',
      '<script type="module">two()</script>',
      '<script src="/x.js"></script>',
      '<script type="module" src="/y.js"></script>',
      '<script type="application/ld+json">{"a":1}</script>',
      '<style>.a{color:red}</style>',
      '<style media="print">.b{}</style>',
    ].join('');
    expect(inlineHashes(html)).toEqual({ script: [sha('\n  one();\n'), sha('two()')], style: [sha('.a{color:red}'), sha('.b{}')] });
  });

  it('lists a hash once however often its text appears', () => {
    expect(inlineHashes('<script>a()</script><p></p><script>a()</script>').script).toEqual([sha('a()')]);
  });
});

describe('addHashes', () => {
  const policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-A='; style-src 'self'; style-src-elem 'self' 'sha256-B='; style-src-attr 'unsafe-inline';";

  it('adds script hashes to script-src and style hashes to style-src-elem, once each', () => {
    const scripts = addHashes(policy, 'script', ["'sha256-A='", "'sha256-C='"]);
    expect(scripts).toContain("script-src 'self' 'wasm-unsafe-eval' 'sha256-A=' 'sha256-C=';");
    const styles = addHashes(scripts, 'style', ["'sha256-D='"]);
    expect(styles).toContain("style-src 'self';");
    expect(styles).toContain("style-src-elem 'self' 'sha256-B=' 'sha256-D=';");
    expect(styles).toContain("style-src-attr 'unsafe-inline';");
  });

  it("leaves a style directive with 'unsafe-inline' alone, since a hash would switch it off", () => {
    const relaxed = "script-src 'self'; style-src-elem 'self' 'unsafe-inline';";
    expect(addHashes(relaxed, 'style', ["'sha256-D='"])).toBe(relaxed);
  });

  it("refuses a script directive with 'unsafe-inline', and a policy without the directive", () => {
    expect(() => addHashes("script-src 'self' 'unsafe-inline';", 'script', [])).toThrow(/script-src allows 'unsafe-inline'/);
    expect(() => addHashes("default-src 'self';", 'script', [])).toThrow(/no script-src directive/);
  });
});

describe('completePolicy', () => {
  const page = (head: string) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">${head}</head><body><script>late()</script></body></html>`;

  it("puts the policy straight after <meta charset>, with every inline script's hash", () => {
    const built = page(`<script>early()</script><meta http-equiv="content-security-policy" content="script-src 'self'; style-src 'self';"><style>.a{}</style>`);
    const done = completePolicy(built);
    expect(done.startsWith(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="content-security-policy" content="script-src 'self' ${sha('early()')} ${sha('late()')}; style-src 'self' ${sha('.a{}')};"><script>early()</script><style>.a{}</style>`)).toBe(true);
    expect(done.match(/content-security-policy/g)).toHaveLength(1);
    // Done twice, nothing changes.
    expect(completePolicy(done)).toBe(done);
  });

  it('fails a page without a policy', () => {
    expect(() => completePolicy(page(''))).toThrow(/no <meta http-equiv="content-security-policy">/);
  });
});
