#!/usr/bin/env node
// `npm start` runs this first (prestart): it builds the web app (`npm run build`, Vite) only when
// web/dist/index.html is missing or older than the newest web source; otherwise it returns at once.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const BUILT = join(repoRoot, 'web/dist/index.html');
const SOURCES = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json'];

/** Newest modification time under `path` (0 when it does not exist). */
function newestMtime(path) {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows only as a newer folder
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = newestMtime(BUILT);
const sourcesAt = Math.max(...SOURCES.map((source) => newestMtime(join(repoRoot, source))));

if (builtAt === 0 || builtAt < sourcesAt) {
  console.log(`ensure-web-build: building the web app (${builtAt === 0 ? 'web/dist is missing' : 'web sources changed'})`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) {
    console.error(`ensure-web-build: cannot run npm: ${result.error.message}`);
    process.exit(1);
  }
  process.exit(result.status ?? 1);
}
