import { test as base, type Browser, type BrowserContext, type ConsoleMessage } from '@playwright/test';

// Everything Playwright exports, so a spec changes only where it imports from; the `test` below shadows Playwright's.
export * from '@playwright/test';

/** One Content Security Policy violation, as the browser reported it. */
export interface CspViolation {
  /** The directive that blocked it (effectiveDirective), e.g. script-src-elem. */
  directive: string;
  /** What was blocked: a URL, or inline, eval, wasm-eval, blob, data. */
  blocked: string;
  /** The document or worker it happened in, and where the offending code was when the browser knows. */
  where: string;
  /** How it reached us: the document's securitypolicyviolation event, or Chromium's console line for it (a backstop). */
  via: 'event' | 'console';
}

/** The violations a test has seen, and the one way to exempt some on purpose. */
export interface CspWatch {
  readonly violations: CspViolation[];
  /**
   * Exempts violations of `directive` (matched as a prefix: 'worker-src' also takes 'worker-src-elem') in this test
   * only, for a test that gives a page a policy to break on purpose; `why` is recorded in the report.
   */
  allow(directive: string, why: string): void;
}

const binding = '__e2eCspViolation';

// In every frame, before any of its own scripts: the event bubbles up, composed, from shadow roots too.
const listener = `(() => {
  addEventListener('securitypolicyviolation', (event) => {
    const report = {
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI || '(none)',
      where: event.documentURI + (event.sourceFile ? ' at ' + event.sourceFile + ':' + event.lineNumber + ':' + event.columnNumber : '') + (event.sample ? ' sample ' + JSON.stringify(event.sample) : ''),
    };
    globalThis.${binding}?.(report);
  }, true);
})();`;

// Chromium's console line for a violation: 'Refused to … because it violates the following Content Security
// Policy directive: "script-src 'self'". …', and for eval, wasm and inline styles the same phrase.
const consoleViolation = /violates the following Content Security Policy directive:?\s*"([^"]*)"/;

function fromConsole(message: ConsoleMessage): CspViolation | undefined {
  const match = consoleViolation.exec(message.text());
  if (!match) return undefined;
  const location = message.location();
  return {
    directive: match[1]?.trim().split(/\s+/)[0] ?? '(unknown)',
    blocked: message.text().length > 300 ? `${message.text().slice(0, 300)}…` : message.text(),
    where: location.url ? `${location.url}:${location.lineNumber}` : '(unknown)',
    via: 'console',
  };
}

const watched = new WeakSet<BrowserContext>();

async function watchContext(context: BrowserContext, seen: CspViolation[]): Promise<void> {
  if (watched.has(context)) return;
  watched.add(context);
  await context.exposeBinding(binding, (_source, report: Omit<CspViolation, 'via'>) => {
    seen.push({ ...report, via: 'event' });
  });
  await context.addInitScript({ content: listener });
  // A backstop for a document the init script might miss: Chromium also logs each violation it blocks there.
  context.on('console', (message) => {
    const violation = fromConsole(message);
    if (violation) seen.push(violation);
  });
}

/**
 * Playwright's test, failing any test during which a page or frame (of any origin) reported a Content Security
 * Policy violation (issue 16: every page and widget runs under the site's policy). It watches the test's own
 * context and every context or page the test opens from `browser`; the failure names each directive and what
 * it blocked. Inside a Worker a violation fires on the Worker alone, out of reach; but the site's Workers carry
 * no policy of their own (a <meta> policy governs the document: which Workers it may start, not what they do),
 * and a blob Worker, which inherits its page's, is refused by the site's worker-src, in the document.
 */
export const test = base.extend<{ csp: CspWatch; cspContexts: void }>({
  csp: async ({}, use, testInfo) => {
    const violations: CspViolation[] = [];
    const allowed: { directive: string; why: string }[] = [];
    await use({
      violations,
      allow: (directive, why) => {
        allowed.push({ directive, why });
        testInfo.annotations.push({ type: 'csp-exempt', description: `${directive}: ${why}` });
      },
    });
    const failing = violations.filter((violation) => !allowed.some((rule) => violation.directive.startsWith(rule.directive)));
    if (failing.length > 0) {
      const lines = failing.map((violation) => `  ${violation.directive} blocked ${violation.blocked} in ${violation.where} (${violation.via})`);
      throw new Error(`Content Security Policy violations during the test:\n${[...new Set(lines)].join('\n')}`);
    }
  },
  context: async ({ context, csp }, use) => {
    await watchContext(context, csp.violations);
    await use(context);
  },
  // Tests that open their own contexts (other viewports, colour schemes) are watched the same way.
  cspContexts: [
    async ({ browser, csp }, use) => {
      const newContext = browser.newContext;
      const newPage = browser.newPage;
      const patched = browser as Browser;
      patched.newContext = async (...args) => {
        const context = await newContext.apply(browser, args);
        await watchContext(context, csp.violations);
        return context;
      };
      patched.newPage = async (...args) => {
        const page = await newPage.apply(browser, args);
        await watchContext(page.context(), csp.violations);
        return page;
      };
      try {
        await use();
      } finally {
        patched.newContext = newContext;
        patched.newPage = newPage;
      }
    },
    { auto: true },
  ],
});
