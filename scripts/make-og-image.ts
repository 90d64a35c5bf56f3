// Renders public/og.png, the 1200×630 card that link previews show, with the same Chromium the tests use.
// Run: node scripts/make-og-image.ts
import { chromium } from '@playwright/test';
import { browserLaunchOptions } from '../tests/browser.ts';

// A 7×7 grid of code indices, the picture of a VQ-VAE latent the site is about.
const codes = Array.from({ length: 49 }, (_, i) => (i * 37 + 11) % 128);
const cells = codes
  .map(
    (code) =>
      `<span style="display:grid;place-items:center;height:56px;border-radius:6px;background:hsl(${(code * 2.8) % 360} 55% ${35 + (code % 5) * 6}%)">${code}</span>`,
  )
  .join('');

const html = `<!doctype html><html><body style="margin:0">
<div style="width:1200px;height:630px;display:flex;align-items:center;gap:64px;padding:0 72px;box-sizing:border-box;
  background:#fdfcf8;color:#1d1d1b;font-family:'DejaVu Serif',Georgia,serif">
  <div style="flex:1">
    <div style="font:600 24px 'DejaVu Sans',sans-serif;color:#1f5fbf;letter-spacing:.04em">VECTOR-QUANTISED AUTOENCODERS</div>
    <div style="font-size:84px;line-height:1.05;margin:18px 0 24px;font-weight:700">VQ-VAE,<br>explained live</div>
    <div style="font:32px 'DejaVu Sans',sans-serif;color:#595954">From first principles, with models that train in your browser.</div>
  </div>
  <div style="display:grid;grid-template-columns:repeat(7,56px);gap:6px;font:600 18px 'DejaVu Sans Mono',monospace;color:#fff">
    ${cells}
  </div>
</div></body></html>`;

const browser = await chromium.launch(browserLaunchOptions());
const page = await browser.newPage({ viewport: { width: 1200, height: 630 } });
await page.setContent(html);
await page.screenshot({ path: 'public/og.png' });
await browser.close();
console.log('wrote public/og.png');
