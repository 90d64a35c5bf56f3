import { existsSync } from 'node:fs';

/**
 * Chromium flags that give WebGPU through SwiftShader on machines without a GPU (see DESIGN.md).
 * The networking flags stop Chromium from calling home, which this sandbox refuses noisily.
 */
export const chromiumArgs = [
  '--headless=new',
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=swiftshader',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * The browser to test with: CHROME_PATH, else Debian's /usr/bin/chromium, else an installed Chrome channel.
 * Never a browser downloaded by the test tool.
 */
export function browserLaunchOptions(): { executablePath?: string; channel?: string; args: string[] } {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH=${fromEnv} does not exist`);
    return { executablePath: fromEnv, args: chromiumArgs };
  }
  if (existsSync('/usr/bin/chromium')) return { executablePath: '/usr/bin/chromium', args: chromiumArgs };
  return { channel: 'chrome', args: chromiumArgs };
}
