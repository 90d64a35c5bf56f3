// The npm mirror this project installs from carries only the Linux x64 build of @astrojs/compiler-binding 0.5.x,
// so `npm install` writes no lock entries for the other platforms, and `npm ci` then refuses the lock file.
// This adds the entries npm writes on a full registry: optional, with os/cpu constraints, so every
// machine skips the ones that are not its own. Run it after regenerating package-lock.json.
// Usage: node scripts/complete-lockfile.ts
import fs from 'node:fs';
const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
const parent = lock.packages['node_modules/@astrojs/compiler-binding'];
const platform: Record<string, { os?: string[]; cpu: string[]; libc?: string[] }> = {
  'android-arm64': { os: ['android'], cpu: ['arm64'] },
  'darwin-arm64': { os: ['darwin'], cpu: ['arm64'] },
  'darwin-x64': { os: ['darwin'], cpu: ['x64'] },
  'linux-arm64-gnu': { os: ['linux'], cpu: ['arm64'], libc: ['glibc'] },
  'linux-arm64-musl': { os: ['linux'], cpu: ['arm64'], libc: ['musl'] },
  'wasm32-wasi': { cpu: ['wasm32'] },
  'win32-arm64-msvc': { os: ['win32'], cpu: ['arm64'] },
  'win32-x64-msvc': { os: ['win32'], cpu: ['x64'] },
};
for (const [name, version] of Object.entries(parent.optionalDependencies as Record<string, string>)) {
  const key = `node_modules/${name}`;
  if (lock.packages[key]) continue;
  const suffix = name.replace('@astrojs/compiler-binding-', '');
  lock.packages[key] = { version, license: 'MIT', optional: true, ...platform[suffix] };
  console.log('added', key);
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
fs.writeFileSync('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
